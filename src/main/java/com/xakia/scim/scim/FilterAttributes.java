package com.xakia.scim.scim;

/**
 * The allow-list of attributes a filter or sortBy may name for one resource type, and the SQL each maps
 * to. A name that is not here is an invalidFilter error: request data never becomes SQL text.
 */
public interface FilterAttributes {

    enum Type { STRING, BOOLEAN, DATETIME }

    /** A single-valued attribute: its SQL expression over the resource's row. */
    record Simple(String sql, Type type, boolean caseExact) {}

    /**
     * A multi-valued complex attribute. {@code elements} is a FROM item that yields one jsonb value per
     * element under the alias {@code e}; sub-attributes are read from it.
     */
    record Multi(String elements, java.util.Map<String, Type> subAttributes) {
        /** The sub-attribute's name as stored (attribute names are case-insensitive), or null if unknown. */
        public String canonical(String subAttribute) {
            return subAttributes.keySet().stream().filter(subAttribute::equalsIgnoreCase).findFirst().orElse(null);
        }

        public Type type(String canonicalName) {
            return subAttributes.get(canonicalName);
        }
    }

    /** Lower-cased dotted path; the resource's core schema URN is implied, an extension URN is kept. */
    Simple simple(String key);

    /** Lower-cased attribute name. */
    Multi multi(String attribute);

    /** What sortBy may name: the simple attributes, and whatever a resource type adds (a user's primary email). */
    default Simple sortable(String key) {
        return simple(key);
    }

    /** The resource type's core schema URN, which a path may carry in front of the attribute. */
    String coreSchema();

    /** A multi-valued attribute stored as a jsonb array in the row's {@code resource} column. */
    static Multi jsonArray(String jsonKey, java.util.Map<String, Type> subAttributes) {
        return new Multi("jsonb_array_elements(case when jsonb_typeof(resource->'" + jsonKey + "') = 'array'"
                + " then resource->'" + jsonKey + "' else '[]'::jsonb end) e", subAttributes);
    }

    /** A string attribute read from the row's {@code resource} jsonb, e.g. json("name", "givenName"). */
    static Simple json(String... keys) {
        StringBuilder sql = new StringBuilder("resource");
        for (int i = 0; i < keys.length; i++) {
            sql.append(i == keys.length - 1 ? "->>'" : "->'").append(keys[i]).append('\'');
        }
        return new Simple(sql.toString(), Type.STRING, false);
    }
}
