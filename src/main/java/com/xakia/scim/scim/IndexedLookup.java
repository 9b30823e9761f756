package com.xakia.scim.scim;

import java.util.Optional;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

/**
 * The two list filters an identity provider looks a user up by — {@code userName eq "x"} and
 * {@code externalId eq "x"} — recognized in a filter's text; any other filter is not one.
 */
public record IndexedLookup(Attribute attribute, String value) {

    public enum Attribute { USER_NAME, EXTERNAL_ID }

    /** The lookup a filter is, or empty for any other filter (or none). A filter that does not parse is empty too. */
    public static Optional<IndexedLookup> of(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        Filter parsed;
        try {
            parsed = ScimSyntax.filter(filter);
        } catch (BadRequestException e) {
            return Optional.empty();
        }
        if (parsed.getFilterType() != FilterType.EQUAL || parsed.getComparisonValue() == null
                || !parsed.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        Path path = parsed.getAttributePath();
        if (path.size() != 1 || path.getElement(0).getValueFilter() != null
                || (path.getSchemaUrn() != null && !path.getSchemaUrn().equalsIgnoreCase(ScimJson.CORE_USER))) {
            return Optional.empty();
        }
        String name = path.getElement(0).getAttribute();
        String value = parsed.getComparisonValue().textValue();
        if (name.equalsIgnoreCase("userName")) {
            return Optional.of(new IndexedLookup(Attribute.USER_NAME, value));
        }
        if (name.equalsIgnoreCase("externalId")) {
            return Optional.of(new IndexedLookup(Attribute.EXTERNAL_ID, value));
        }
        return Optional.empty();
    }
}
