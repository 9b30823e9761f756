-- A SCIM key is issued for one identity provider (#13), so the users it provisions say which. Keys issued
-- before could only be Okta keys as far as the service knew (the admin could not name another), so they
-- are recorded as Okta's; an Entra installation issues a new key for "entra" to be shown truthfully.
alter table scim_key add column identity_provider text not null default 'okta'
    check (identity_provider in ('okta', 'entra'));
alter table scim_key alter column identity_provider drop default;
