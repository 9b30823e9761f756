package com.xakia.scim.invite;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The one address an invitation goes to, checked when it is sent: the user's email may have been changed
 * by SCIM since the invitation was asked for, and a value such as {@code "a@x.example, b@evil.example"}
 * would otherwise become two recipients of the same accept link.
 */
final class Recipient {

    /** Permanent: retrying cannot help until the identity provider sends another email (then: resend). */
    static final class NotOneAddress extends IllegalArgumentException {
        NotOneAddress(String message) {
            super(message);
        }
    }

    private Recipient() {}

    /** The address itself, or {@link NotOneAddress}; the message never repeats the value (it reaches logs). */
    static String single(String email) {
        InternetAddress[] parsed;
        try {
            parsed = email == null ? new InternetAddress[0] : InternetAddress.parse(email, true);
        } catch (AddressException e) {
            throw new NotOneAddress("the user's email is not a valid address; correct it in the identity provider, then resend");
        }
        if (parsed.length != 1 || parsed[0].isGroup() || parsed[0].getPersonal() != null
                || !parsed[0].getAddress().equals(email.strip())) {
            throw new NotOneAddress("the user's email holds " + (parsed.length == 1 ? "more than an address" : parsed.length
                    + " addresses") + ", not exactly one; correct it in the identity provider, then resend");
        }
        return parsed[0].getAddress();
    }
}
