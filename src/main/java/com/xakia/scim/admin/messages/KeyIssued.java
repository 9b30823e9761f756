package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;

import com.xakia.scim.location.ScimKeys;

/** A new SCIM key: the only answer that ever holds the key itself. */
public record KeyIssued(String keyId, String apiKey, OffsetDateTime createdAt, String identityProvider,
                        String scimBaseUri) {

    public static KeyIssued of(ScimKeys.IssuedKey key, String scimBaseUri) {
        return new KeyIssued(key.keyId(), key.apiKey(), key.createdAt(), key.identityProvider().id(), scimBaseUri);
    }

    @Override
    public String toString() { // a record in a log line or an exception message must not carry the key
        return "KeyIssued[keyId=" + keyId + ", identityProvider=" + identityProvider + "]";
    }
}
