-- Organizations (#16): how many moves through an intent (a location on a server of its own takes part) each
-- organization has finished, counted in the transaction that finishes one. A list across locations that no one
-- snapshot spans reads it, with the moves written and not finished, before and after it reads the locations:
-- a move made meanwhile changes one or the other, and the list reads the locations again.
create table org_moves (
    organization_id  text primary key references organization (id) on delete cascade,
    finished         bigint not null
);
