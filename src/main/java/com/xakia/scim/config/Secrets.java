package com.xakia.scim.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets, and their SHA-256 hashes: the only form in which a checked secret is stored. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** 256 random bits, URL-safe. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A short random id for things that are not secret (locations, key ids): lowercase hex. */
    public static String newId(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Constant-time comparison of a presented secret against a stored hash. The presented secret is hashed even
     * when there is nothing to compare it with, so a caller's timing does not tell "no such key" from "wrong key".
     */
    public static boolean matches(String presented, byte[] storedHash) {
        return matchesHashed(presented == null ? null : hash(presented), storedHash);
    }

    /** As {@link #matches}, for a presented secret already hashed once (a check that may compare it twice). */
    public static boolean matchesHashed(byte[] presentedHash, byte[] storedHash) {
        return presentedHash != null && storedHash != null && MessageDigest.isEqual(presentedHash, storedHash);
    }

    /** The secret of an "Authorization: Bearer <secret>" header, or null. */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String secret = value.substring(7).trim();
        return secret.isEmpty() ? null : secret;
    }
}
