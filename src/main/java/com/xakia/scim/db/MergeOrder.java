package com.xakia.scim.db;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.xakia.scim.scim.FilterAttributes;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;

/**
 * One order over the rows of several databases, which Java merges exactly as each database sorted its share:
 * the sort value (nulls last ascending, first descending, so descending is ascending reversed), then the row's
 * id. Strings are compared in the "C" collation, code point order: every PostgreSQL server has it whatever its
 * default collation (servers of different locations may differ), and Java reproduces it, so the merge and a
 * keyset cursor mean the same thing on every server. The default order is creation time, which is never null.
 *
 * <p>SQL text is built only from the allow-listed sort expression and the id column the caller names; values
 * are bound.
 */
public final class MergeOrder {

    /** A row's place in the order: its sort value (null for SQL null) and id. */
    public record Key(Object value, UUID id) {}

    private static final String CURSOR_VERSION = "m1";

    private final String value;
    private final FilterAttributes.Type type;
    private final boolean descending;
    private final boolean nullable;
    private final String id;
    private final String signature;

    private MergeOrder(String value, FilterAttributes.Type type, boolean descending, boolean nullable, String id,
                       String signature) {
        this.value = value;
        this.type = type;
        this.descending = descending;
        this.nullable = nullable;
        this.id = id;
        this.signature = signature;
    }

    /** The request's order (its sortBy, or creation time), ties broken by {@code idColumn}, a uuid column. */
    public static MergeOrder of(ListRequest.Sort sort, String idColumn) {
        boolean descending = sort != null && sort.descending();
        if (sort == null || sort.sql() == null) {
            return new MergeOrder("created_at", FilterAttributes.Type.DATETIME, descending, false, idColumn,
                    signature("created_at", descending));
        }
        String sql = sort.type() == FilterAttributes.Type.STRING ? "(" + sort.sql() + ") collate \"C\"" : sort.sql();
        return new MergeOrder(sql, sort.type(), descending, true, idColumn, signature(sort.sql(), descending));
    }

    /** Two columns to add to a select list: the sort value and the id, read back by {@link #key}. */
    public String columns() {
        return value + ", " + id;
    }

    public String orderBy() {
        String direction = descending ? " desc" : "";
        return " order by " + (nullable ? "(" + value + ") is null" + direction + ", " : "") + value + direction + ", "
                + id + direction;
    }

    /** A condition for the rows after {@code after} in this order ("true" when null), to bind with {@link #bind}. */
    public String after(Key after) {
        if (after == null) {
            return "true";
        }
        String beyond = descending ? "<" : ">";
        if (after.value() == null) { // a null sorts last ascending, first descending
            return descending ? "((" + value + ") is not null or " + id + " < ?)"
                    : "((" + value + ") is null and " + id + " > ?)";
        }
        String rows = "(" + value + ", " + id + ") " + beyond + " (?, ?)";
        if (!nullable) {
            return rows;
        }
        return descending ? "((" + value + ") is not null and " + rows + ")" : "((" + value + ") is null or " + rows + ")";
    }

    /** Binds what {@link #after} asks for from parameter {@code first} on; returns the next parameter's index. */
    public int bind(PreparedStatement ps, Key after, int first) throws SQLException {
        int next = first;
        if (after == null) {
            return next;
        }
        if (after.value() != null) {
            ps.setObject(next++, after.value());
        }
        ps.setObject(next++, after.id());
        return next;
    }

    /** The key of the current row, whose {@link #columns} start at {@code column}. */
    public Key key(ResultSet rs, int column) throws SQLException {
        Object read = switch (type) {
            case STRING -> rs.getString(column);
            case BOOLEAN -> rs.getBoolean(column);
            case DATETIME -> rs.getObject(column, OffsetDateTime.class);
        };
        return new Key(rs.wasNull() ? null : read, rs.getObject(column + 1, UUID.class));
    }

    /** The order as the databases apply it. */
    public Comparator<Key> comparator() {
        Comparator<Key> ascending = (a, b) -> {
            int byValue = compareValues(a.value(), b.value());
            return byValue != 0 ? byValue : compareIds(a.id(), b.id());
        };
        return descending ? ascending.reversed() : ascending;
    }

    /** An RFC 9865 cursor: the key of the last row of a page, for this order only. */
    public String cursor(Key last) {
        ArrayNode parts = JsonNodeFactory.instance.arrayNode().add(CURSOR_VERSION).add(signature);
        if (last.value() == null) {
            parts.addNull();
        } else {
            parts.add(last.value().toString());
        }
        parts.add(last.id().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(parts.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor of {@link #cursor} holds; null for "" (the first page); 400 invalidCursor otherwise. */
    public Key decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            JsonNode parts = ScimJson.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (parts.isArray() && parts.size() == 4 && CURSOR_VERSION.equals(parts.get(0).asText())
                    && signature.equals(parts.get(1).asText()) && parts.get(3).isTextual()) {
                JsonNode v = parts.get(2);
                Object value = v.isNull() ? null : switch (type) {
                    case STRING -> v.asText();
                    case BOOLEAN -> Boolean.parseBoolean(v.asText());
                    case DATETIME -> OffsetDateTime.parse(v.asText());
                };
                if (value != null || nullable) {
                    return new Key(value, UUID.fromString(parts.get(3).asText()));
                }
            }
        } catch (java.io.IOException | IllegalArgumentException | DateTimeParseException e) {
            // falls through to the error below
        }
        throw ScimError.of(400, "invalidCursor", "The cursor is not one this server issued for this query.");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // nulls last
        }
        if (a instanceof String s && b instanceof String t) {
            return codePoints(s, t);
        }
        if (a instanceof OffsetDateTime s && b instanceof OffsetDateTime t) {
            return s.toInstant().compareTo(t.toInstant());
        }
        return ((Comparable) a).compareTo(b);
    }

    /** The "C" collation of a UTF-8 database: byte order of UTF-8, which is code point order. */
    static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** PostgreSQL compares uuids as 16 unsigned bytes; {@link UUID#compareTo} compares signed longs. */
    static int compareIds(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static String signature(String sql, boolean descending) {
        return Integer.toHexString((sql + (descending ? " desc" : "")).hashCode());
    }
}
