-- pgbench: the indexed userName lookup behind filter=userName eq "...": one row by lower(user_name).
-- bench/run replaces LOCATION_SCHEMA (a table name cannot be a bind parameter in prepared mode).
\set n random(1, :users)
select id, user_name, external_id, active, lifecycle, source, given_name, family_name, email, resource::text, created_at, last_modified, version from LOCATION_SCHEMA.users where lower(user_name) = lower('seed-' || cast(:n as text) || '@example.com') and scim_deleted_at is null;
