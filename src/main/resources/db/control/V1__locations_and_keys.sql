-- Control database: which locations exist, where each one's data lives, and the hashes of the secrets
-- that are checked here. No secret is stored in clear text except a location server's password, which
-- is needed to connect and never shown.

create table location (
    id           text primary key,
    name         text not null,
    schema_name  text not null unique,
    db_url       text,          -- null: the schema lives in the control server's database
    db_user      text,
    db_password  text,
    created_at   timestamptz not null default now()
);

create table scim_key (
    key_id       text primary key,
    location_id  text not null references location (id),
    key_hash     bytea not null,  -- SHA-256 of the 256-bit key
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);
-- A location has at most one live key: issuing a new one revokes the previous one in the same transaction.
create unique index scim_key_live on scim_key (location_id) where revoked_at is null;

create table admin_token (
    id           int primary key check (id = 1),
    token_hash   bytea not null,
    created_at   timestamptz not null default now()
);
