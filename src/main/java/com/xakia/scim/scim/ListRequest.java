package com.xakia.scim.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * A list or search query (RFC 7644 3.4.2, 3.4.3; RFC 9865 cursors): the filter as SQL, sorting, paging
 * by index or by cursor, and the attributes to return.
 *
 * @param cursor null for index paging; "" for the first page of cursor paging; else the cursor given
 * @param lookup the filter when it is a {@code userName eq} or {@code externalId eq} lookup, else null
 */
public record ListRequest(ScimFilter.Sql where, int startIndex, int count, Sort sort, String cursor,
                          Projection projection, IndexedLookup lookup) {

    public static final int DEFAULT_COUNT = 100;

    /**
     * ORDER BY expression from the allow-list, or null for the default order (creation time, id); {@code type}
     * is the expression's (DATETIME for the default order), which an order merged across databases needs.
     */
    public record Sort(String sql, boolean descending, FilterAttributes.Type type) {}

    /** From the query parameters of GET /Users or GET /Groups. */
    public static ListRequest of(String filter, String startIndex, String count, String sortBy, String sortOrder,
                                 String cursor, String attributes, String excludedAttributes,
                                 FilterAttributes allowList, QueryLimits limits) {
        int start = Math.max(1, integer(startIndex, "startIndex", 1));
        int size = Math.min(limits.maxResults(), Math.max(0, integer(count, "count", DEFAULT_COUNT)));
        limits.checkFilter(filter);
        limits.checkPath("sortBy", sortBy);
        return new ListRequest(ScimFilter.toSql(filter, allowList), start, size, sort(sortBy, sortOrder, allowList),
                cursor, Projection.of(attributes, excludedAttributes, limits), IndexedLookup.of(filter).orElse(null));
    }

    /** From the query parameters of a GET list request, each looked up by name (null when absent). */
    public static ListRequest fromQuery(java.util.function.UnaryOperator<String> query, FilterAttributes allowList,
                                        QueryLimits limits) {
        return of(query.apply("filter"), query.apply("startIndex"), query.apply("count"), query.apply("sortBy"),
                query.apply("sortOrder"), query.apply("cursor"), query.apply("attributes"),
                query.apply("excludedAttributes"), allowList, limits);
    }

    /** From the body of POST /.search (RFC 7644 3.4.3). */
    public static ListRequest ofSearch(ObjectNode body, FilterAttributes allowList, QueryLimits limits) {
        return of(text(body, "filter"), text(body, "startIndex"), text(body, "count"), text(body, "sortBy"),
                text(body, "sortOrder"), text(body, "cursor"), joined(body, "attributes"),
                joined(body, "excludedAttributes"), allowList, limits);
    }

    private static Sort sort(String sortBy, String sortOrder, FilterAttributes allowList) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            String order = sortOrder.trim().toLowerCase(Locale.ROOT);
            if (!order.equals("ascending") && !order.equals("descending")) {
                throw ScimError.invalidValue("sortOrder must be \"ascending\" or \"descending\".");
            }
            descending = order.equals("descending");
        }
        if (sortBy == null || sortBy.isBlank()) {
            return descending ? new Sort(null, true, FilterAttributes.Type.DATETIME) : null;
        }
        FilterAttributes.Simple attribute;
        try {
            attribute = allowList.sortable(ScimFilter.key(ScimSyntax.path(sortBy.trim()), allowList));
        } catch (BadRequestException e) {
            attribute = null;
        }
        if (attribute == null) {
            throw ScimError.unknownSortAttribute("Cannot sort by " + sortBy + ": not a sortable attribute.");
        }
        String sql = attribute.type() == FilterAttributes.Type.STRING && !attribute.caseExact()
                ? "lower(" + attribute.sql() + ")" : attribute.sql();
        return new Sort(sql, descending, attribute.type());
    }

    private static int integer(String value, String name, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String trimmed = value.trim();
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            if (trimmed.matches("-?\\d+")) { // beyond int: as many, or as few, as allowed
                return trimmed.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
            throw ScimError.invalidValue(name + " must be an integer.");
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = ScimJson.field(body, field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw ScimError.invalidValue(field + " must be a string or a number.");
        }
        return value.asText();
    }

    private static String joined(ObjectNode body, String field) {
        JsonNode value = ScimJson.field(body, field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isArray()) {
            throw ScimError.invalidValue(field + " must be an array of attribute names.");
        }
        List<String> names = new ArrayList<>();
        value.forEach(v -> names.add(v.asText()));
        return String.join(",", names);
    }
}
