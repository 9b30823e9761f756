package com.xakia.scim.scim;

import java.util.List;


/**
 * How much one SCIM request may ask to be parsed and evaluated: the size of a filter (or of a value
 * filter in a path), and how many attributes it may name. Checked before anything is parsed, so what
 * is refused costs a length check and one linear scan ({@link FilterShape}); each error names the limit
 * and the setting that raises it.
 *
 * @param maxResults          largest page (xakia.scim.max-results), advertised as filter.maxResults
 * @param filterMaxLength     characters of a filter, sortBy or PATCH path
 * @param filterMaxTerms      comparisons plus and/or/not in one of them
 * @param filterMaxDepth      nesting of parentheses and brackets in one of them
 * @param maxAttributes       paths in one attributes or excludedAttributes parameter
 * @param attributesMaxLength characters of one attributes or excludedAttributes parameter
 */
public record QueryLimits(int maxResults, int filterMaxLength, int filterMaxTerms, int filterMaxDepth,
                          int maxAttributes, int attributesMaxLength) {

    /** A filter parameter: 400 invalidFilter when it is too long, has too many terms or nests too deep. */
    public void checkFilter(String filter) {
        String problem = problem("The filter", filter);
        if (problem != null) {
            throw ScimError.invalidFilter(problem);
        }
    }

    /** A sortBy or PATCH path, which may hold a value filter: 400 invalidPath when it is too big. */
    public void checkPath(String what, String path) {
        String problem = problem(what, path);
        if (problem != null) {
            throw ScimError.invalidPath(problem);
        }
    }

    /** One attributes or excludedAttributes parameter, before and after it is split into paths. */
    public void checkAttributes(String parameter, String raw, List<String> paths) {
        if (raw != null && raw.length() > attributesMaxLength) {
            throw ScimError.invalidValue(parameter + " is " + raw.length() + " characters long; at most "
                    + attributesMaxLength + " are accepted (XAKIA_SCIM_ATTRIBUTES_MAX_LENGTH).");
        }
        if (paths.size() > maxAttributes) {
            throw ScimError.invalidValue(parameter + " names " + paths.size() + " attributes; at most " + maxAttributes
                    + " are accepted (XAKIA_SCIM_MAX_ATTRIBUTES).");
        }
        for (String path : paths) {
            String problem = problem(parameter + " path", path);
            if (problem != null) {
                throw ScimError.invalidValue(problem);
            }
        }
    }

    private String problem(String what, String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > filterMaxLength) {
            return what + " is " + text.length() + " characters long; at most " + filterMaxLength
                    + " are accepted (XAKIA_SCIM_FILTER_MAX_LENGTH).";
        }
        FilterShape shape = FilterShape.of(text);
        if (shape.terms() > filterMaxTerms) {
            return what + " has " + shape.terms() + " terms (comparisons and and/or/not); at most " + filterMaxTerms
                    + " are accepted (XAKIA_SCIM_FILTER_MAX_TERMS).";
        }
        if (shape.depth() > filterMaxDepth) {
            return what + " nests " + shape.depth() + " levels of parentheses or brackets; at most " + filterMaxDepth
                    + " are accepted (XAKIA_SCIM_FILTER_MAX_DEPTH).";
        }
        return null;
    }
}
