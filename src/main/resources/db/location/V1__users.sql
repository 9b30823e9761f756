-- One location's namespace (a schema, or a database of its own). Flyway sets search_path to it.

create table users (
    id               uuid primary key,
    user_name        text not null,
    external_id      text,
    active           boolean not null,
    lifecycle        text not null check (lifecycle in ('provisioned', 'invited', 'active')),
    source           text not null check (source in ('okta', 'native', 'linked')),
    given_name       text,
    family_name      text,
    display_name     text,
    email            text,           -- the primary (or first) email, for lookups and the admin list
    resource         jsonb not null, -- the full SCIM resource as last written, without id and meta
    created_at       timestamptz not null,
    last_modified    timestamptz not null,
    version          bigint not null default 1,
    scim_deleted_at  timestamptz     -- DELETE hides the user from SCIM; Xakia keeps it as inactive
);

-- userName is unique per location, case-insensitively, among users SCIM can still see.
create unique index users_user_name_unique on users (lower(user_name)) where scim_deleted_at is null;
create index users_external_id on users (external_id);
create index users_email on users (lower(email));
create index users_list_order on users (created_at, id);

create table audit (
    id            bigserial primary key,
    at            timestamptz not null default now(),
    actor         text not null,     -- 'admin' or 'scim-key:<keyId>', never a secret
    operation     text not null,
    resource_id   text,
    attributes    text[] not null default '{}',
    request_id    text
);
create index audit_at on audit (at);
