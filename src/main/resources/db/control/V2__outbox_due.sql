-- Which locations have invitations due, so the outbox drainer visits those instead of every location
-- every tick. A hint is written after an invite commits and settled by the drainer; a periodic sweep of
-- all locations catches a hint that was never written (a crash between the two commits).
create table outbox_due (
    location_id  text primary key references location (id) on delete cascade,
    due_at       timestamptz not null
);
create index outbox_due_at on outbox_due (due_at);
