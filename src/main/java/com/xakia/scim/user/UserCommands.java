package com.xakia.scim.user;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.xakia.scim.scim.ResourceSchema;

/** What a SCIM request asks of a location's users, once its JSON has been checked. */
public final class UserCommands {

    private UserCommands() {}

    /** A normalized SCIM User resource (no meta), ready to store, and the id it will have. */
    public record CreateUser(ObjectNode resource, UUID id) {
        public CreateUser(ObjectNode resource) {
            this(resource, UUID.randomUUID());
        }
    }

    public record ReplaceUser(String id, ObjectNode resource, String ifMatch) {}

    /** The operations, and the schema of the resource type they were checked against (and are applied under). */
    public record PatchUser(String id, PatchRequest patch, String ifMatch, ResourceSchema schema) {
        public PatchUser(String id, PatchRequest patch, String ifMatch) {
            this(id, patch, ifMatch, ResourceSchema.USER);
        }
    }

    public record DeleteUser(String id, String ifMatch) {}

    /** A user created the way the rest of Xakia creates them (not through SCIM). */
    public record CreateNativeUser(String email, String givenName, String familyName) {}
}
