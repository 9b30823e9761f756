-- The users SCIM can see, in list order, as keys only: counts (totalResults) and the skip to a deep
-- startIndex become index-only scans instead of reading every row with its jsonb.
create index users_scim_order on users (created_at, id) where scim_deleted_at is null;
