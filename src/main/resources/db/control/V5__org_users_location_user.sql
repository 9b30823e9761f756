-- Organizations (#16): org_users.user_id is the organization-level id of a person, the same for the
-- organization's lifetime; location_user_id is the id of the person's row in its location, which a move
-- or a link may make differ from it. Rows written before were created through the organization, where the
-- two are the same.
alter table org_users add column location_user_id uuid;
update org_users set location_user_id = user_id;
alter table org_users alter column location_user_id set not null;
