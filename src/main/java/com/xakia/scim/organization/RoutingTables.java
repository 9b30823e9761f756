package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.KeyChanges;

/**
 * The routing tables of organizations, in the control database. A change is told to {@code changes} after its
 * commit (and NOTIFYed by control migration V12's trigger): instances remember a table with the organization's key.
 */
public final class RoutingTables {

    private final DataSource control;
    private final KeyChanges changes;

    public RoutingTables(DataSource control, KeyChanges changes) {
        this.control = control;
        this.changes = changes;
    }

    /** The organization's table, or empty when none has been set. */
    public Optional<RoutingTable> find(String organizationId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement routing = c.prepareStatement(
                     "select attribute, default_location_id from control.organization_routing where organization_id = ?");
             PreparedStatement routes = c.prepareStatement("select value, location_id from control.organization_route"
                     + " where organization_id = ? order by value_key")) {
            routing.setString(1, organizationId);
            String attribute;
            String defaultLocation;
            try (ResultSet rs = routing.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                attribute = rs.getString(1);
                defaultLocation = rs.getString(2);
            }
            routes.setString(1, organizationId);
            List<RoutingTable.Route> all = new ArrayList<>();
            try (ResultSet rs = routes.executeQuery()) {
                while (rs.next()) {
                    all.add(new RoutingTable.Route(rs.getString(1), rs.getString(2)));
                }
            }
            return Optional.of(new RoutingTable(RoutingTable.attribute(attribute), all, defaultLocation));
        }
    }

    /** Replaces the organization's table as a whole, in one transaction; {@code alongside} is given the organization's id in it. */
    public void save(String organizationId, RoutingTable table, Transactions.Alongside alongside) throws SQLException {
        Transactions.inTransaction(control, c -> {
            try (PreparedStatement routing = c.prepareStatement("insert into control.organization_routing"
                         + " (organization_id, attribute, default_location_id) values (?, ?, ?) on conflict (organization_id)"
                         + " do update set attribute = excluded.attribute, default_location_id = excluded.default_location_id");
                 PreparedStatement clear = c.prepareStatement("delete from control.organization_route where organization_id = ?");
                 PreparedStatement route = c.prepareStatement("insert into control.organization_route"
                         + " (organization_id, value_key, value, location_id) values (?, ?, ?, ?)")) {
                routing.setString(1, organizationId);
                routing.setString(2, table.attribute().text());
                routing.setString(3, table.defaultLocationId());
                routing.executeUpdate();
                clear.setString(1, organizationId);
                clear.executeUpdate();
                for (RoutingTable.Route r : table.routes()) {
                    route.setString(1, organizationId);
                    route.setString(2, RoutingTable.key(r.value()));
                    route.setString(3, r.value().trim());
                    route.setString(4, r.locationId());
                    route.addBatch();
                }
                route.executeBatch();
            }
            alongside.write(c, organizationId);
            return null;
        });
        changes.changed(organizationId);
    }
}
