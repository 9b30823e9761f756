package com.xakia.scim.group;

import java.util.Map;

import com.xakia.scim.scim.FilterAttributes;
import com.xakia.scim.scim.ScimJson;

/** The Group attributes a filter or sortBy may name, and the SQL over a groups row each maps to. */
public final class GroupAttributes implements FilterAttributes {

    public static final GroupAttributes INSTANCE = new GroupAttributes();

    private static final Map<String, Simple> SIMPLE = Map.of(
            "id", new Simple("id::text", Type.STRING, true),
            "displayname", new Simple("display_name", Type.STRING, false),
            "externalid", new Simple("external_id", Type.STRING, true),
            "meta.created", new Simple("created_at", Type.DATETIME, true),
            "meta.lastmodified", new Simple("last_modified", Type.DATETIME, true));

    /** Members are rows of group_members, exposed to filters as {value, display} elements. */
    private static final Multi MEMBERS = new Multi("(select jsonb_build_object('value', m.member_id, 'display', m.display)"
            + " as e from {schema}.group_members m where m.group_id = groups.id) members_of_group",
            Map.of("value", Type.STRING, "display", Type.STRING));

    private GroupAttributes() {}

    @Override
    public Simple simple(String key) {
        return SIMPLE.get(key);
    }

    @Override
    public Multi multi(String attribute) {
        return attribute.equals("members") ? MEMBERS : null;
    }

    @Override
    public String coreSchema() {
        return ScimJson.CORE_GROUP;
    }
}
