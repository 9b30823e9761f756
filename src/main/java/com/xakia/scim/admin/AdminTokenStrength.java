package com.xakia.scim.admin;

/**
 * What a configured XAKIA_ADMIN_TOKEN must be: long, and not obviously guessable. Checked before
 * anything starts, so a weak token never guards a running service. (A generated token is 256 random bits.)
 */
public final class AdminTokenStrength {

    static final int MIN_LENGTH = 32;
    static final int MIN_DISTINCT_CHARACTERS = 10;

    private AdminTokenStrength() {}

    /** Throws, naming the variable but never echoing the token, when a configured token is weak. */
    public static void requireStrong(String token) {
        String weakness = weakness(token);
        if (weakness != null) {
            throw new IllegalStateException("XAKIA_ADMIN_TOKEN is too weak: " + weakness
                    + ". Use at least " + MIN_LENGTH + " random characters (for example: openssl rand -base64 32),"
                    + " or leave it unset to have one generated on the first start.");
        }
    }

    /** Why the token is weak, or null if it is not. */
    static String weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return "it has " + token.length() + " characters, fewer than " + MIN_LENGTH;
        }
        if (token.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return "it uses fewer than " + MIN_DISTINCT_CHARACTERS + " different characters";
        }
        if (period(token) <= token.length() / 2) {
            return "it repeats a shorter pattern";
        }
        return null;
    }

    /** The smallest p such that every character equals the one p places before it ("abcabca" → 3). */
    private static int period(String s) {
        // prefix function (Knuth-Morris-Pratt): the longest proper prefix that is also a suffix
        int[] border = new int[s.length()];
        for (int i = 1, k = 0; i < s.length(); i++) {
            while (k > 0 && s.charAt(i) != s.charAt(k)) {
                k = border[k - 1];
            }
            if (s.charAt(i) == s.charAt(k)) {
                k++;
            }
            border[i] = k;
        }
        return s.length() - border[s.length() - 1];
    }
}
