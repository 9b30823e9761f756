package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * control.org_location_unmarked: the locations whose rows written through their organization before location
 * migration V6 are not marked yet (control migration V11 lists them; nothing adds to it since). SQL only.
 */
final class UnmarkedLocations {

    /** Every location still to be marked. */
    List<String> all(Connection c) throws SQLException {
        return ids(c, "select location_id from control.org_location_unmarked order by location_id", null);
    }

    /** The organization's locations still to be marked. */
    List<String> ofOrganization(Connection c, String organizationId) throws SQLException {
        return ids(c, "select u.location_id from control.org_location_unmarked u join control.location l"
                + " on l.id = u.location_id where l.organization_id = ? order by u.location_id", organizationId);
    }

    /** The location is marked: it is never marked again. */
    void done(Connection c, String locationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from control.org_location_unmarked where location_id = ?")) {
            ps.setString(1, locationId);
            ps.executeUpdate();
        }
    }

    private static List<String> ids(Connection c, String sql, String organizationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (organizationId != null) {
                ps.setString(1, organizationId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found;
            }
        }
    }
}
