package com.xakia.scim.user;

import com.xakia.scim.scim.ScimError;

/** A list query: the filter as SQL, startIndex/count paging (RFC 7644 3.4.2). */
public record ListRequest(UserFilter.Sql where, int startIndex, int count) {

    public static final int DEFAULT_COUNT = 100;

    /** From query parameters; count is capped at maxResults (advertised as filter.maxResults). */
    public static ListRequest of(String filter, String startIndex, String count, int maxResults) {
        int start = Math.max(1, integer(startIndex, "startIndex", 1));
        int size = Math.min(maxResults, Math.max(0, integer(count, "count", DEFAULT_COUNT)));
        return new ListRequest(UserFilter.toSql(filter), start, size);
    }

    private static int integer(String value, String name, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            // Out of int range counts as "as many as allowed" rather than an error.
            if (value.trim().matches("-?\\d+")) {
                return value.trim().startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
            throw ScimError.invalidValue(name + " must be an integer.");
        }
    }
}
