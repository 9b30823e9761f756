-- Users say which identity provider provisioned or linked them (#13): source gains 'entra', and
-- identity_provider names the provider that manages the user (none for a native user nobody claimed).
-- Rows from before were written through keys recorded as Okta's (control V3), so they say okta.
alter table users drop constraint users_source_check;
alter table users add constraint users_source_check check (source in ('okta', 'entra', 'native', 'linked'));
alter table users add column identity_provider text check (identity_provider in ('okta', 'entra'));
update users set identity_provider = 'okta' where source <> 'native';
alter table users add constraint users_managed_by_provider check ((source = 'native') = (identity_provider is null));
