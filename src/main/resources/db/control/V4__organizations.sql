-- Organizations (#16): one identity-provider app for several locations. An organization has its own SCIM
-- key (in scim_key, owned by the organization instead of a location), a routing table that sends each
-- user to one of its locations, and an index of the users written through it (org_users), so a lookup by
-- id, userName or externalId at the organization is one indexed query whatever the number of locations.
create table organization (
    id           text primary key,
    name         text not null,
    created_at   timestamptz not null default now()
);

alter table location add column organization_id text references organization (id);
create index location_organization on location (organization_id) where organization_id is not null;

-- A key belongs to a location or to an organization, never both; each has at most one live key.
alter table scim_key alter column location_id drop not null;
alter table scim_key add column organization_id text references organization (id);
alter table scim_key add constraint scim_key_one_owner check ((location_id is null) <> (organization_id is null));
create unique index scim_key_live_organization on scim_key (organization_id) where revoked_at is null;

-- Which attribute of a user names its location, and the location a value that matches nothing goes to.
create table organization_routing (
    organization_id      text primary key references organization (id) on delete cascade,
    attribute            text not null,
    default_location_id  text references location (id)
);

-- The routing table's values; matched case-insensitively (value_key is lower(value)).
create table organization_route (
    organization_id  text not null references organization_routing (organization_id) on delete cascade,
    value_key        text not null,
    value            text not null,
    location_id      text not null references location (id),
    primary key (organization_id, value_key)
);

-- The users written through the organization: where each lives. The id is the location's user id.
-- pending: written before the location's row, for a location on a server of its own (a reservation that a
-- read settles); a location in the control server's database writes both in one transaction.
create table org_users (
    organization_id  text not null references organization (id) on delete cascade,
    user_id          uuid not null,
    location_id      text not null references location (id),
    user_name        text not null,
    external_id      text,
    pending          boolean not null default false,
    created_at       timestamptz not null default now(),
    primary key (organization_id, user_id)
);
create unique index org_users_user_name on org_users (organization_id, lower(user_name));
create index org_users_external_id on org_users (organization_id, external_id) where external_id is not null;
