package com.xakia.scim.scim;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;
import com.xakia.scim.scim.FilterAttributes.Multi;
import com.xakia.scim.scim.FilterAttributes.Simple;
import com.xakia.scim.scim.FilterAttributes.Type;

/**
 * A SCIM filter (RFC 7644 3.4.2.2) as a parameterized SQL condition over one resource type's table.
 * The UnboundID SDK parses the grammar ("and" binds tighter than "or", parentheses, value paths); this
 * visitor only maps its tree. Every value is a bind parameter and every attribute name goes through the
 * resource type's {@link FilterAttributes} allow-list.
 */
public final class ScimFilter {

    /**
     * A WHERE condition and its parameters, in order. The condition may name {@code {schema}}, which
     * the store replaces with the location's schema.
     */
    public record Sql(String condition, List<Object> parameters) {
        public static final Sql ALL = new Sql("true", List.of());
    }

    private ScimFilter() {}

    public static Sql toSql(String filter, FilterAttributes attributes) {
        if (filter == null || filter.isBlank()) {
            return Sql.ALL;
        }
        Filter parsed;
        try {
            parsed = ScimSyntax.filter(inlineSubAttributeComparisons(filter));
        } catch (BadRequestException e) {
            throw ScimError.invalidFilter("The filter is not valid SCIM filter syntax: " + e.getMessage());
        }
        Translator translator = new Translator(attributes);
        try {
            String condition = parsed.visit(translator, null);
            return new Sql(condition, translator.parameters);
        } catch (ScimException e) {
            throw ScimError.invalidFilter(e.getMessage());
        }
    }

    private static final Pattern SUB_COMPARISON = Pattern.compile(
            "\\.([A-Za-z0-9_$-]+)\\s+(?:(pr)\\b|(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s()]+))",
            Pattern.CASE_INSENSITIVE);

    /**
     * Entra matches users with {@code emails[type eq "work"].value eq "x"}, a form the RFC 7644 filter
     * grammar lacks (a value path is not followed by a sub-attribute there). It means the same as
     * {@code emails[type eq "work" and value eq "x"]}, which is what it is rewritten to before parsing.
     */
    static String inlineSubAttributeComparisons(String filter) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < filter.length()) {
            int open = indexOutsideQuotes(filter, '[', i);
            int close = open < 0 ? -1 : indexOutsideQuotes(filter, ']', open);
            if (close < 0) {
                break;
            }
            Matcher sub = SUB_COMPARISON.matcher(filter).region(close + 1, filter.length());
            if (sub.lookingAt()) {
                String comparison = sub.group(2) != null ? sub.group(1) + " pr" : sub.group(1) + " " + sub.group(3) + " " + sub.group(4);
                out.append(filter, i, open + 1).append('(').append(filter, open + 1, close).append(") and ")
                        .append(comparison).append(']');
                i = sub.end();
            } else {
                out.append(filter, i, close + 1);
                i = close + 1;
            }
        }
        return out.append(filter.substring(i)).toString();
    }

    private static int indexOutsideQuotes(String text, char wanted, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Lower-cased dotted path; the core schema URN is implied, an extension URN is kept. */
    public static String key(Path path, FilterAttributes attributes) {
        StringJoiner joined = new StringJoiner(".");
        for (Path.Element element : path) {
            joined.add(element.getAttribute());
        }
        String urn = path.getSchemaUrn();
        String key = urn == null || urn.equalsIgnoreCase(attributes.coreSchema()) ? joined.toString() : urn + ":" + joined;
        return key.toLowerCase(Locale.ROOT);
    }

    /** The visitor's parameter is the plural attribute in scope inside a value filter, or null at the root. */
    private static final class Translator implements FilterVisitor<String, Multi> {

        private final FilterAttributes attributes;
        private final List<Object> parameters = new ArrayList<>();

        Translator(FilterAttributes attributes) {
            this.attributes = attributes;
        }

        @Override
        public String visit(AndFilter filter, Multi scope) throws ScimException {
            return combine(filter.getCombinedFilters(), " and ", scope);
        }

        @Override
        public String visit(OrFilter filter, Multi scope) throws ScimException {
            return combine(filter.getCombinedFilters(), " or ", scope);
        }

        @Override
        public String visit(NotFilter filter, Multi scope) throws ScimException {
            return "not coalesce(" + filter.getInvertedFilter().visit(this, scope) + ", false)";
        }

        @Override
        public String visit(ComplexValueFilter filter, Multi scope) throws ScimException {
            if (scope != null) {
                throw ScimError.invalidFilter("Value filters cannot be nested.");
            }
            Multi multi = multiValued(filter.getAttributePath());
            return exists(multi, filter.getValueFilter().visit(this, multi));
        }

        @Override
        public String visit(PresentFilter filter, Multi scope) {
            return compare(filter.getAttributePath(), scope, null, (sql, type, ci) -> type == Type.STRING
                    ? "coalesce(" + sql + ", '') <> ''" : sql + " is not null");
        }

        @Override
        public String visit(EqualFilter filter, Multi scope) {
            if (filter.getComparisonValue().isNull()) {
                return "not (" + visit((PresentFilter) Filter.pr(filter.getAttributePath()), scope) + ")";
            }
            return binary(filter.getAttributePath(), scope, filter.getComparisonValue(), "=");
        }

        @Override
        public String visit(NotEqualFilter filter, Multi scope) {
            if (filter.getComparisonValue().isNull()) {
                return visit((PresentFilter) Filter.pr(filter.getAttributePath()), scope);
            }
            return binary(filter.getAttributePath(), scope, filter.getComparisonValue(), "is distinct from");
        }

        @Override
        public String visit(ContainsFilter filter, Multi scope) {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "%", "%");
        }

        @Override
        public String visit(StartsWithFilter filter, Multi scope) {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "", "%");
        }

        @Override
        public String visit(EndsWithFilter filter, Multi scope) {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "%", "");
        }

        @Override
        public String visit(GreaterThanFilter filter, Multi scope) {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), ">");
        }

        @Override
        public String visit(GreaterThanOrEqualFilter filter, Multi scope) {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), ">=");
        }

        @Override
        public String visit(LessThanFilter filter, Multi scope) {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), "<");
        }

        @Override
        public String visit(LessThanOrEqualFilter filter, Multi scope) {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), "<=");
        }

        private String combine(List<Filter> filters, String operator, Multi scope) throws ScimException {
            StringJoiner sql = new StringJoiner(operator, "(", ")");
            for (Filter f : filters) {
                sql.add(f.visit(this, scope));
            }
            return sql.toString();
        }

        private String binary(Path path, Multi scope, ValueNode value, String operator) {
            return compare(path, scope, value, (sql, type, ci) -> switch (type) {
                case STRING -> lower(sql, ci) + " " + operator + " " + lower(param(value.asText()), ci);
                case BOOLEAN -> sql + " " + operator + " " + param(bool(value, path));
                case DATETIME -> sql + " " + operator + " " + param(dateTime(value, path));
            });
        }

        private String ordering(Path path, Multi scope, ValueNode value, String operator) {
            return compare(path, scope, value, (sql, type, ci) -> switch (type) {
                case STRING -> lower(sql, ci) + " " + operator + " " + lower(param(value.asText()), ci);
                case DATETIME -> sql + " " + operator + " " + param(dateTime(value, path));
                case BOOLEAN -> throw ScimError.invalidFilter(path + " is a boolean: gt, ge, lt and le do not apply.");
            });
        }

        private String like(Path path, Multi scope, ValueNode value, String before, String after) {
            return compare(path, scope, value, (sql, type, ci) -> {
                if (type != Type.STRING) {
                    throw ScimError.invalidFilter(path + " is not a string: co, sw and ew do not apply.");
                }
                return lower(sql, ci) + " like " + lower(param(before + escapeLike(value.asText()) + after), ci);
            });
        }

        private interface Comparison {
            String on(String sql, Type type, boolean caseInsensitive);
        }

        /** Resolves the attribute (at the root, inside a value filter, or a plural sub-attribute). */
        private String compare(Path path, Multi scope, ValueNode value, Comparison comparison) {
            if (scope != null) {
                if (path.size() != 1) {
                    throw ScimError.unknownFilterAttribute("Unknown attribute in value filter: " + path);
                }
                return element(scope, path.getElement(0).getAttribute(), path, comparison);
            }
            Simple simple = attributes.simple(key(path, attributes));
            if (simple != null && path.getElement(0).getValueFilter() == null) {
                return comparison.on(simple.sql(), simple.type(), !simple.caseExact());
            }
            // A plural attribute: "emails", "emails.value", or "emails[type eq \"work\"].value"
            Multi multi = multiValued(path);
            String condition = element(multi, path.size() > 1 ? path.getElement(1).getAttribute() : "value", path, comparison);
            Filter valueFilter = path.getElement(0).getValueFilter();
            if (valueFilter != null) {
                try {
                    condition = valueFilter.visit(this, multi) + " and " + condition;
                } catch (ScimException e) {
                    throw ScimError.invalidFilter(e.getMessage());
                }
            }
            return exists(multi, condition);
        }

        /** A comparison on a sub-attribute of the element {@code e} of a plural attribute (caseExact=false). */
        private static String element(Multi multi, String subAttribute, Path path, Comparison comparison) {
            String name = multi.canonical(subAttribute);
            if (name == null) {
                throw ScimError.unknownFilterAttribute("Unknown attribute in filter: " + path);
            }
            Type type = multi.type(name);
            String text = "(e->>'" + name + "')"; // name comes from the allow-list, not from the request
            return comparison.on(type == Type.BOOLEAN ? text + "::boolean" : text, type, true);
        }

        private Multi multiValued(Path path) {
            String urn = path.getSchemaUrn();
            if (path.size() == 0 || path.size() > 2 || (urn != null && !urn.equalsIgnoreCase(attributes.coreSchema()))) {
                throw ScimError.unknownFilterAttribute("Unknown attribute in filter: " + path);
            }
            Multi multi = attributes.multi(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT));
            if (multi == null) {
                throw ScimError.unknownFilterAttribute("Unknown attribute in filter: " + path);
            }
            return multi;
        }

        private static String exists(Multi multi, String condition) {
            return "exists (select 1 from " + multi.elements() + " where " + condition + ")";
        }

        private static String lower(String sql, boolean caseInsensitive) {
            return caseInsensitive ? "lower(" + sql + ")" : sql;
        }

        private String param(Object value) {
            parameters.add(value);
            return "?";
        }
    }

    private static boolean bool(ValueNode value, Path path) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw ScimError.invalidFilter(path + " is a boolean: compare it with true or false.");
    }

    private static OffsetDateTime dateTime(ValueNode value, Path path) {
        try {
            return Timestamps.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ScimError.invalidFilter(path + " is a dateTime: compare it with an RFC 3339 date-time.");
        }
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
