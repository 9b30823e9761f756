-- An organization's create writes its index row in the create's own statement (#16). The foreign keys of that row
-- to its organization and its location made every create lock both control rows (FOR KEY SHARE: a WAL record, and
-- under concurrent creates a MultiXact on the one organization row): about 100 µs of PostgreSQL's CPU per create,
-- a fifth of it, measured with and without them at 32 concurrent creates. The service never deletes an
-- organization, and deletes a location only when its namespace could not be created (before any user exists), so
-- the index cannot point at either once gone; the keys are dropped. A move's target keeps its key (moves are rare).
alter table org_users drop constraint org_users_organization_id_fkey;
alter table org_users drop constraint org_users_location_id_fkey;
