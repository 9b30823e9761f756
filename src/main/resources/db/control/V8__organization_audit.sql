-- The audit trail of admin actions on organizations (#16): creating one, issuing its SCIM key, replacing its
-- routing table, issuing and revoking its admins' tokens. These change only the control database, so the row
-- is written in the change's own transaction. As in a location's audit table: who (admin, or org-admin:<token
-- id>), what, which resource (key id, token id or organization id), never a secret or a value.
create table organization_audit (
    id               bigserial primary key,
    at               timestamptz not null default now(),
    organization_id  text not null references organization (id) on delete cascade,
    actor            text not null,
    operation        text not null,
    resource_id      text,
    attributes       text[] not null default '{}',
    request_id       text
);
-- Read newest first, one organization at a time.
create index organization_audit_newest on organization_audit (organization_id, at desc, id desc);
