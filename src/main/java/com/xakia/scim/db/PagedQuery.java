package com.xakia.scim.db;

import com.xakia.scim.scim.Timestamps;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimResource;

/**
 * Runs a list query over one resource table: an exact count, then one page, by index (offset) or by
 * cursor (RFC 9865). In the default order (created_at, id) a cursor is a keyset position, so deep
 * pages cost what the first one costs; under a sortBy it is an offset.
 */
public final class PagedQuery {

    @FunctionalInterface
    public interface RowReader<T extends ScimResource> {
        T read(ResultSet rs) throws SQLException;
    }

    private PagedQuery() {}

    public static <T extends ScimResource> Page run(Connection c, String schema, String table, String columns,
                                                    String baseCondition, ListRequest request, RowReader<T> reader)
            throws SQLException {
        String condition = request.where().condition().replace("{schema}", '"' + schema + '"');
        String where = " from \"" + schema + "\"." + table + " where " + baseCondition + " and (" + condition + ")";
        boolean cursorPaging = request.cursor() != null;
        boolean defaultOrder = request.sort() == null || request.sort().sql() == null;
        if (request.count() == 0) {
            return new Page(count(c, where, request), request.startIndex(), null, cursorPaging, null, request.projection());
        }
        Position position = cursorPaging ? Position.decode(request.cursor(), defaultOrder)
                : new Position(request.startIndex() - 1L, null, null);
        boolean descending = request.sort() != null && request.sort().descending();
        String direction = descending ? " desc" : "";
        String order = defaultOrder
                ? " order by created_at" + direction + ", id" + direction
                : " order by " + request.sort().sql() + direction + ", created_at, id";
        String keyset = position.afterCreated == null ? "" : " and (created_at, id) " + (descending ? "<" : ">") + " (?, ?)";
        // A deep startIndex in the default order: find the page's first key by skipping over keys only,
        // then read the page from there. OFFSET on the page query itself would build (and throw away)
        // every skipped row with its whole resource, which made the last page of an import ~7x the first.
        boolean skipKeysOnly = defaultOrder && position.afterCreated == null && position.offset > 0;
        if (skipKeysOnly) {
            keyset = " and (created_at, id) " + (descending ? "<=" : ">=") + " (select created_at, id" + where + order
                    + " offset ? limit 1)";
        }
        // No OFFSET clause unless there is one to skip: with an OFFSET parameter PostgreSQL must cost every skipped
        // row's per-row subqueries (a user's groups) into a generic plan, which then never wins, and a lookup
        // would be planned afresh on every call (~0.3 ms of the server's CPU, measured).
        boolean offset = !skipKeysOnly && position.offset > 0;
        List<T> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + columns + where + keyset + order
                + (offset ? " offset ?" : "") + " limit ?")) {
            int next = bind(ps, request.where().parameters(), 1);
            if (position.afterCreated != null) {
                ps.setObject(next++, position.afterCreated);
                ps.setObject(next++, position.afterId);
            }
            if (skipKeysOnly) {
                next = bind(ps, request.where().parameters(), next);
                ps.setLong(next++, position.offset);
            }
            if (offset) {
                ps.setLong(next++, position.offset);
            }
            ps.setInt(next, request.count() + 1); // one more than asked tells whether a next page exists
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
        }
        boolean more = rows.size() > request.count();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        // A first page that holds every match is its own count: an IdP's userName lookup then costs one
        // query, not two. Otherwise the count is exact, as totalResults must be.
        boolean wholeResult = position.offset == 0 && position.afterCreated == null && !more;
        int total = wholeResult ? rows.size() : count(c, where, request);
        String nextCursor = null;
        if (cursorPaging && more) {
            T last = rows.get(rows.size() - 1);
            nextCursor = defaultOrder
                    ? Position.keyset(last.created(), last.id())
                    : Position.offset(position.offset + rows.size());
        }
        return new Page(total, request.startIndex(), rows, cursorPaging, nextCursor, request.projection());
    }

    private static int count(Connection c, String where, ListRequest request) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*)" + where)) {
            bind(ps, request.where().parameters(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Where a page starts: after a keyset position, or at an offset. */
    record Position(long offset, OffsetDateTime afterCreated, UUID afterId) {

        static Position decode(String cursor, boolean defaultOrder) {
            if (cursor.isEmpty()) {
                return new Position(0, null, null);
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                if (parts.length == 3 && parts[0].equals("k") && defaultOrder) {
                    return new Position(0, Timestamps.parse(parts[1]), UUID.fromString(parts[2]));
                }
                if (parts.length == 2 && parts[0].equals("o") && Long.parseLong(parts[1]) >= 0) {
                    return new Position(Long.parseLong(parts[1]), null, null);
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // falls through to the error below
            }
            throw ScimError.of(400, "invalidCursor", "The cursor is not one this server issued for this query.");
        }

        static String keyset(OffsetDateTime created, UUID id) {
            return encode("k|" + created + "|" + id);
        }

        static String offset(long offset) {
            return encode("o|" + offset);
        }

        private static String encode(String value) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static int bind(PreparedStatement ps, List<Object> parameters, int first) throws SQLException {
        int index = first;
        for (Object p : parameters) {
            ps.setObject(index++, p);
        }
        return index;
    }
}
