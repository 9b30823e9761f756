package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.xakia.scim.user.UserRecord;

/**
 * A user as the admin sees it. status: provisioned, invited, active, inactive; source: okta, entra, native,
 * linked; identityProvider: the provider that manages the user, null for a native user none has claimed;
 * invitation: the newest invitation, or null (filled in by the users list only).
 */
public record UserView(UUID id, String userName, String givenName, String familyName, String email, String status,
                       String source, String identityProvider, OffsetDateTime lastModified,
                       InvitationView invitation) {

    public static UserView of(UserRecord u) {
        return new UserView(u.id(), u.userName(), u.givenName(), u.familyName(), u.email(), u.status(),
                u.source().id(), u.identityProvider() == null ? null : u.identityProvider().id(), u.lastModified(), null);
    }

    public UserView withInvitation(InvitationView newest) {
        return new UserView(id, userName, givenName, familyName, email, status, source, identityProvider, lastModified,
                newest);
    }
}
