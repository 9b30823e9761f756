-- An organization's routing table is remembered between requests with its key (RememberedKeys): every change
-- of it NOTIFYs xakia_keys with the organization's id, as a change of its key does (V9), so every instance
-- routes by the new table within 1 s. One notification per organization and transaction: PostgreSQL folds
-- identical ones, so replacing a table of many routes sends one.
create function notify_routing_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('xakia_keys', coalesce(new.organization_id, old.organization_id));
    return null;
end
$$;

create trigger organization_routing_changed after insert or update or delete on organization_routing
    for each row execute function notify_routing_change();
create trigger organization_route_changed after insert or update or delete on organization_route
    for each row execute function notify_routing_change();
