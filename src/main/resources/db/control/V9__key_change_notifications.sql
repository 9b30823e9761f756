-- Every change that can change what a SCIM key admits NOTIFYs xakia_keys with the owner's id, in the
-- changing transaction (delivered at its commit): instances that remember keys between requests
-- (RememberedKeys) forget that owner. A key, its location or its organization: any write, from anywhere.
create function notify_key_change() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'scim_key' then
        perform pg_notify('xakia_keys', coalesce(new.location_id, new.organization_id, old.location_id, old.organization_id));
    else
        perform pg_notify('xakia_keys', coalesce(new.id, old.id));
    end if;
    return null;
end
$$;

create trigger scim_key_changed after insert or update or delete on scim_key
    for each row execute function notify_key_change();
create trigger location_changed after update or delete on location
    for each row execute function notify_key_change();
create trigger organization_changed after update or delete on organization
    for each row execute function notify_key_change();
