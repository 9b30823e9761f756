package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

import com.xakia.scim.scim.ScimError;

/** Resource ids from URLs, and the one row a resource id names. */
public final class Rows {

    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Rows() {}

    /** Our ids are UUIDs: anything else names nothing (404), and never reaches SQL as text. */
    public static UUID uuid(String id, Function<String, ScimError> notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound.apply(id);
        }
    }

    /** The row {@code sql} selects for the id (its only parameter), or the not-found error. */
    public static <T> T byId(Connection c, String sql, UUID id, Reader<T> reader, Function<String, ScimError> notFound)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound.apply(id.toString());
                }
                return reader.read(rs);
            }
        }
    }
}
