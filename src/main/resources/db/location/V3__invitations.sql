-- Invitations of a location's users, and their transactional outbox. An invite writes the invitation, its
-- outbox row and the user's lifecycle in one transaction; invitation-email.camel.yaml drains the outbox.

create table invitation (
    id           uuid primary key,
    user_id      uuid not null references users (id),
    status       text not null check (status in ('queued', 'sent', 'retrying', 'failed', 'accepted', 'superseded', 'cancelled')),
    attempts     int not null default 0,
    last_error   text,           -- what the SMTP server or connection said, never a secret
    token_hash   bytea unique,   -- SHA-256 of the accept link's token, set in the transaction that records "sent"
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    expires_at   timestamptz,
    accepted_at  timestamptz,
    updated_at   timestamptz not null default now()
);
create index invitation_user on invitation (user_id, created_at);
-- A user has at most one open invitation: resending supersedes the previous one in the same transaction.
create unique index invitation_open on invitation (user_id) where status in ('queued', 'sent', 'retrying', 'failed');

-- One row per invitation still to be emailed. The drainer locks a row (FOR UPDATE SKIP LOCKED) for the
-- length of one SMTP conversation and deletes it in the transaction that records the outcome.
create table invitation_outbox (
    invitation_id    uuid primary key references invitation (id),
    next_attempt_at  timestamptz not null default now()
);
create index invitation_outbox_due on invitation_outbox (next_attempt_at);
