package com.xakia.scim.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchRequest;

/** What a SCIM request asks of a location's users, once its JSON has been checked. */
public final class UserCommands {

    private UserCommands() {}

    /** A normalized SCIM User resource (no id, no meta), ready to store. */
    public record CreateUser(ObjectNode resource) {}

    public record ReplaceUser(String id, ObjectNode resource, String ifMatch) {}

    public record PatchUser(String id, PatchRequest patch, String ifMatch) {}

    public record DeleteUser(String id, String ifMatch) {}

    /** A user created the way the rest of Xakia creates them (not through SCIM). */
    public record CreateNativeUser(String email, String givenName, String familyName) {}
}
