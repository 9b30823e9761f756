package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;

import com.xakia.scim.location.ScimKeys;

/** A location's live SCIM key as the admin sees it later: never the key itself. */
public record KeyView(String keyId, OffsetDateTime createdAt, String identityProvider) {

    public static KeyView of(ScimKeys.KeyInfo key) {
        return new KeyView(key.keyId(), key.createdAt(), key.identityProvider().id());
    }
}
