package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;


/** Resource ids from URLs, and the one row an id names. */
public final class Rows {

    private Rows() {}

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Our ids are UUIDs as we write them (lower case, 36 characters): anything else names nothing (404) and
     * never reaches SQL as text. Ids are caseExact, and Java's own parser would also take "1-1-1-1-1".
     */
    public static UUID uuid(String id, Function<String, ? extends RuntimeException> notFound) {
        if (id == null || !CANONICAL_UUID.matcher(id).matches()) {
            throw notFound.apply(id);
        }
        return UUID.fromString(id);
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
