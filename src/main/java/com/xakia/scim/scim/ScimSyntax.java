package com.xakia.scim.scim;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

/**
 * The SDK's filter and path parsers, failing only with {@link BadRequestException}: at some inputs they
 * throw a runtime exception instead (a ClassCastException at {@code {}} or {@code []} as a comparison
 * value), which would otherwise answer 500. Only the SDK's call is wrapped, so a bug of ours still shows.
 */
public final class ScimSyntax {

    private ScimSyntax() {}

    public static Filter filter(String text) throws BadRequestException {
        try {
            return Filter.fromString(text);
        } catch (RuntimeException e) {
            throw BadRequestException.invalidFilter(NOT_A_VALUE);
        }
    }

    public static Path path(String text) throws BadRequestException {
        try {
            return Path.fromString(text);
        } catch (RuntimeException e) {
            throw BadRequestException.invalidPath(NOT_A_VALUE);
        }
    }

    private static final String NOT_A_VALUE = "a comparison value must be a string, number, true, false or null.";
}
