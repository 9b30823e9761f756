package com.xakia.scim.user;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

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
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.user.UserAttributes.Multi;
import com.xakia.scim.user.UserAttributes.Simple;
import com.xakia.scim.user.UserAttributes.Type;

/**
 * A SCIM filter (RFC 7644 3.4.2.2) as a parameterized SQL condition over a location's users table.
 * The UnboundID SDK parses the grammar ("and" binds tighter than "or"); this visitor only maps its tree.
 * Every value is a bind parameter and every attribute name goes through {@link UserAttributes}.
 */
public final class UserFilter {

    /** A WHERE condition and its parameters, in order. */
    public record Sql(String condition, List<Object> parameters) {
        public static final Sql ALL = new Sql("true", List.of());
    }

    private UserFilter() {}

    public static Sql toSql(String filter) {
        if (filter == null || filter.isBlank()) {
            return Sql.ALL;
        }
        Filter parsed;
        try {
            parsed = Filter.fromString(filter);
        } catch (BadRequestException e) {
            throw ScimError.invalidFilter("The filter is not valid SCIM filter syntax: " + e.getMessage());
        }
        Translator translator = new Translator();
        try {
            String condition = parsed.visit(translator, null);
            return new Sql(condition, translator.parameters);
        } catch (ScimException e) {
            throw ScimError.invalidFilter(e.getMessage());
        }
    }

    /** P is the alias of the plural-attribute element in scope (inside emails[...]), or null at the root. */
    private static final class Translator implements FilterVisitor<String, Multi> {

        private final List<Object> parameters = new ArrayList<>();

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
        public String visit(PresentFilter filter, Multi scope) throws ScimException {
            return compare(filter.getAttributePath(), scope, null, (sql, type) -> type == Type.STRING
                    ? "coalesce(" + sql + ", '') <> ''" : sql + " is not null");
        }

        @Override
        public String visit(EqualFilter filter, Multi scope) throws ScimException {
            if (filter.getComparisonValue().isNull()) {
                return "not (" + visit((PresentFilter) Filter.pr(filter.getAttributePath()), scope) + ")";
            }
            return binary(filter.getAttributePath(), scope, filter.getComparisonValue(), "=");
        }

        @Override
        public String visit(NotEqualFilter filter, Multi scope) throws ScimException {
            if (filter.getComparisonValue().isNull()) {
                return visit((PresentFilter) Filter.pr(filter.getAttributePath()), scope);
            }
            return binary(filter.getAttributePath(), scope, filter.getComparisonValue(), "is distinct from");
        }

        @Override
        public String visit(ContainsFilter filter, Multi scope) throws ScimException {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "%", "%");
        }

        @Override
        public String visit(StartsWithFilter filter, Multi scope) throws ScimException {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "", "%");
        }

        @Override
        public String visit(EndsWithFilter filter, Multi scope) throws ScimException {
            return like(filter.getAttributePath(), scope, filter.getComparisonValue(), "%", "");
        }

        @Override
        public String visit(GreaterThanFilter filter, Multi scope) throws ScimException {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), ">");
        }

        @Override
        public String visit(GreaterThanOrEqualFilter filter, Multi scope) throws ScimException {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), ">=");
        }

        @Override
        public String visit(LessThanFilter filter, Multi scope) throws ScimException {
            return ordering(filter.getAttributePath(), scope, filter.getComparisonValue(), "<");
        }

        @Override
        public String visit(LessThanOrEqualFilter filter, Multi scope) throws ScimException {
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
            return compare(path, scope, value, (sql, type) -> switch (type) {
                case STRING -> ci(sql, path, scope) + " " + operator + " " + ciParam(path, scope, value.asText());
                case BOOLEAN -> sql + " " + operator + " " + param(bool(value, path));
                case DATETIME -> sql + " " + operator + " " + param(dateTime(value, path));
            });
        }

        private String ordering(Path path, Multi scope, ValueNode value, String operator) {
            return compare(path, scope, value, (sql, type) -> switch (type) {
                case STRING -> ci(sql, path, scope) + " " + operator + " " + ciParam(path, scope, value.asText());
                case DATETIME -> sql + " " + operator + " " + param(dateTime(value, path));
                case BOOLEAN -> throw ScimError.invalidFilter(path + " is a boolean: gt, ge, lt and le do not apply.");
            });
        }

        private String like(Path path, Multi scope, ValueNode value, String before, String after) {
            return compare(path, scope, value, (sql, type) -> {
                if (type != Type.STRING) {
                    throw ScimError.invalidFilter(path + " is not a string: co, sw and ew do not apply.");
                }
                String pattern = before + escapeLike(value.asText()) + after;
                return ci(sql, path, scope) + " like " + ciParam(path, scope, pattern);
            });
        }

        private interface Comparison {
            String on(String sql, Type type);
        }

        /** Resolves the attribute (at the root, inside a value filter, or a plural sub-attribute). */
        private String compare(Path path, Multi scope, ValueNode value, Comparison comparison) {
            if (value != null && !value.isValueNode()) {
                throw ScimError.invalidFilter("Comparison values must be strings, numbers, booleans or null.");
            }
            if (scope != null) {
                String sub = relative(path);
                Type type = scope.type(sub);
                if (type == null) {
                    throw ScimError.invalidFilter("Unknown attribute in value filter: " + path);
                }
                return comparison.on(elementExpr(sub, type), type);
            }
            String key = key(path);
            Simple simple = UserAttributes.simple(key);
            if (simple != null && path.size() > 0 && path.getElement(0).getValueFilter() == null) {
                return comparison.on(simple.sql(), simple.type());
            }
            // A plural attribute: "emails", "emails.value", or "emails[type eq \"work\"].value"
            Multi multi = multiValued(path);
            String sub = path.size() > 1 ? path.getElement(1).getAttribute().toLowerCase(Locale.ROOT) : "value";
            Type type = multi.type(sub);
            if (type == null) {
                throw ScimError.invalidFilter("Unknown attribute in filter: " + path);
            }
            String condition = comparison.on(elementExpr(sub, type), type);
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

        private Multi multiValued(Path path) {
            if (path.size() == 0 || (path.getSchemaUrn() != null && !path.getSchemaUrn().equalsIgnoreCase(ScimJson.CORE_USER))) {
                throw ScimError.invalidFilter("Unknown attribute in filter: " + path);
            }
            Multi multi = UserAttributes.multi(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT));
            if (multi == null || path.size() > 2) {
                throw ScimError.invalidFilter("Unknown attribute in filter: " + path);
            }
            return multi;
        }

        private static String exists(Multi multi, String condition) {
            return "exists (select 1 from " + multi.elements() + " e where " + condition + ")";
        }

        private static String elementExpr(String sub, Type type) {
            String text = "(e->>'" + canonicalSub(sub) + "')";
            return type == Type.BOOLEAN ? "(" + text + ")::boolean" : text;
        }

        /** Sub-attribute names come from the allow-list's keys, re-cased for the stored JSON. */
        private static String canonicalSub(String sub) {
            return switch (sub) {
                case "streetaddress" -> "streetAddress";
                case "postalcode" -> "postalCode";
                default -> sub;
            };
        }

        private String ci(String sql, Path path, Multi scope) {
            return caseExact(path, scope) ? sql : "lower(" + sql + ")";
        }

        private String ciParam(Path path, Multi scope, String value) {
            return caseExact(path, scope) ? param(value) : "lower(" + param(value) + ")";
        }

        private static boolean caseExact(Path path, Multi scope) {
            if (scope != null) {
                return false;
            }
            Simple simple = UserAttributes.simple(key(path));
            return simple != null && simple.caseExact();
        }

        private String param(Object value) {
            parameters.add(value);
            return "?";
        }

        private static String relative(Path path) {
            if (path.size() != 1) {
                throw ScimError.invalidFilter("Unknown attribute in value filter: " + path);
            }
            return path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
        }
    }

    /** Lower-cased dotted path; the core schema URN is implied, an extension URN is kept. */
    static String key(Path path) {
        StringJoiner joined = new StringJoiner(".");
        for (Path.Element element : path) {
            joined.add(element.getAttribute());
        }
        String urn = path.getSchemaUrn();
        String key = urn == null || urn.equalsIgnoreCase(ScimJson.CORE_USER) ? joined.toString() : urn + ":" + joined;
        return key.toLowerCase(Locale.ROOT);
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
            return OffsetDateTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ScimError.invalidFilter(path + " is a dateTime: compare it with an RFC 3339 date-time.");
        }
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
