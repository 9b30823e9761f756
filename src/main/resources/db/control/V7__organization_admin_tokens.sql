-- Organization admins (#16 item 6): bearer tokens that work on the admin API and page for one organization
-- and its locations only. Only the SHA-256 of each token is kept; authentication looks a presented token up
-- by its hash (a 256-bit secret's hash tells a timing observer nothing). A revoked token keeps its row, so
-- the audit rows that name its id still say whose it was.
create table organization_admin_token (
    token_id         text primary key,
    organization_id  text not null references organization (id) on delete cascade,
    token_hash       bytea not null unique,
    created_at       timestamptz not null default now(),
    revoked_at       timestamptz
);
create index organization_admin_token_live on organization_admin_token (organization_id) where revoked_at is null;
