-- Groups of a location (Okta Push Groups, Entra group provisioning). Membership is a row per member,
-- so adding or removing one member of a 50,000-member group touches one row.

create table groups (
    id             uuid primary key,
    display_name   text not null,
    external_id    text,
    resource       jsonb not null, -- other attributes the IdP sent, without id, meta and members
    created_at     timestamptz not null,
    last_modified  timestamptz not null,
    version        bigint not null default 1
);
create unique index groups_display_name_unique on groups (lower(display_name));
create index groups_external_id on groups (external_id);
create index groups_list_order on groups (created_at, id);

create table group_members (
    group_id   uuid not null references groups (id) on delete cascade,
    member_id  text not null, -- the member's SCIM id as the IdP sent it (a user id of this location)
    display    text,
    primary key (group_id, member_id)
);
create index group_members_member on group_members (member_id);
