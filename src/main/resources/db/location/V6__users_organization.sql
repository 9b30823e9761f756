-- Organizations (#16): the organization-level id of the person this row currently represents. The
-- organization's id of a person stays the same for the organization's lifetime, while the person's row may
-- change (a move to another location reuses an earlier row there, or links a native Xakia user). Set only on
-- the row the organization currently points to: a move clears it on the old row and sets it on the new one.
alter table users add column organization_user_id uuid;
create unique index users_organization_user_id on users (organization_user_id) where organization_user_id is not null;
