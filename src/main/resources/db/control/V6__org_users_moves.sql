-- Organizations (#16): a move of a person between two locations that no one transaction spans (one of them on
-- a server of its own) is written here first, as an intent, and then rolled forward: the person's row in the
-- new location, the old row made inactive, the index pointed at the new row. A crash leaves the intent, which
-- start-up and any call that touches the person finish; every step can run again without changing more.
-- moving: {"rowId": the id a new row gets, "resource": the person's resource in the new location,
--          "actor", "requestId", "identityProvider": the request's caller, for the audit rows,
--          "userName", "externalId": the names before the move, to restore when the move cannot be made}
alter table org_users add column moving_to_location_id text references location (id);
alter table org_users add column moving jsonb;
alter table org_users add constraint org_users_moving_whole check ((moving_to_location_id is null) = (moving is null));
create index org_users_moving on org_users (organization_id, user_id) where moving_to_location_id is not null;
