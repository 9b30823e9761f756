package com.xakia.scim.group;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.scim.ScimResource;

/**
 * One row of a location's groups table, with its members when they were loaded (null when the reply
 * does not need them: a 50,000-member group is not read to answer a PATCH with 204).
 */
public record GroupRecord(UUID id, String displayName, String externalId, ObjectNode resource,
                          OffsetDateTime created, OffsetDateTime lastModified, long version, List<Member> members)
        implements ScimResource {

    /**
     * A member: its SCIM id, its display name and whether it is a "User" or a "Group". As sent by the IdP,
     * display is what it sent and type is null; as read, both come from the member itself where it exists.
     */
    public record Member(String value, String display, String type) {
        public Member(String value, String display) {
            this(value, display, null);
        }
    }

    public GroupRecord withMembers(List<Member> loaded) {
        return new GroupRecord(id, displayName, externalId, resource, created, lastModified, version, loaded);
    }

    @Override
    public ObjectNode toScim(String scimBaseUri) {
        return GroupResources.toScim(this, scimBaseUri);
    }
}
