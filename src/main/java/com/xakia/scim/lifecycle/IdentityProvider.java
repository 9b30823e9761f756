package com.xakia.scim.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The identity provider a SCIM key is issued for, and so the one that provisions or links users with it. */
public enum IdentityProvider {
    OKTA,
    ENTRA;

    /** The name stored in the database and shown in the admin API. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IdentityProvider> parse(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    public static IdentityProvider of(String id) {
        return parse(id).orElseThrow(() -> new IllegalStateException("unknown identity provider " + id));
    }
}
