package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.xakia.scim.scim.ScimError;

/** Resource ids from URLs, and the one row an id names. */
public final class Rows {

    private Rows() {}

    /** Our ids are UUIDs: anything else names nothing (404), and never reaches SQL as text. */
    public static UUID uuid(String id, Function<String, ScimError> notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound.apply(id);
        }
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The row {@code sql} selects for the id (its only parameter), if there is one. */
    public static <T> Optional<T> byId(Connection c, String sql, UUID id, Reader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
            }
        }
    }
}
