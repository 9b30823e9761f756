-- Organizations (#16): a row written through an organization before location migration V6 has no
-- users.organization_user_id until the organization writes that person again, and a list across locations (which
-- lists the marked rows) leaves it out. Every location in an organization now is listed here, once: the service
-- marks its rows from org_users (at start-up, by the moves sweep when the location's server was down, or before a
-- list of its organization) and deletes its row here, so it never runs again. A location created in or joining an
-- organization later has no such rows (every write through an organization marks its row), so it is not listed.
create table org_location_unmarked (
    location_id  text primary key references location (id) on delete cascade
);
insert into org_location_unmarked (location_id) select id from location where organization_id is not null;
