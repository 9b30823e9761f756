package com.xakia.scim.lifecycle;

import java.util.Locale;

/**
 * Where a user came from: provisioned by an identity provider ({@link #OKTA}, {@link #ENTRA}), created in
 * Xakia ({@link #NATIVE}), or created in Xakia and then claimed by an identity provider ({@link #LINKED}).
 */
public enum Source {
    OKTA,
    ENTRA,
    NATIVE,
    LINKED;

    /** The source of a user an identity provider creates. */
    public static Source provisionedBy(IdentityProvider provider) {
        return provider == IdentityProvider.ENTRA ? ENTRA : OKTA;
    }

    /** The source once an identity provider manages the user: a native user becomes linked, never invited. */
    public Source managed() {
        return this == NATIVE ? LINKED : this;
    }

    /** Only users an identity provider created need an invitation: everyone else already uses Xakia. */
    public boolean needsInvitation() {
        return this == OKTA || this == ENTRA;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Source of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
