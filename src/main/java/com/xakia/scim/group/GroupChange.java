package com.xakia.scim.group;

import java.util.List;

import com.xakia.scim.group.GroupRecord.Member;

/**
 * One step of a group PATCH, as the store runs it. Membership steps name only the members they touch,
 * so the SQL touches only those rows.
 */
sealed interface GroupChange {

    /** The attribute the change touches, for the audit row. */
    default String attribute() {
        return "members";
    }

    record SetDisplayName(String displayName) implements GroupChange {
        @Override
        public String attribute() {
            return "displayName";
        }
    }

    record SetExternalId(String externalId) implements GroupChange {
        @Override
        public String attribute() {
            return "externalId";
        }
    }

    record AddMembers(List<Member> members) implements GroupChange {}

    record RemoveMembers(List<String> ids) implements GroupChange {}

    record RemoveAllMembers() implements GroupChange {}

    record ReplaceMembers(List<Member> members) implements GroupChange {}
}
