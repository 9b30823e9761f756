package com.xakia.scim.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.lifecycle.IdentityProvider;

/**
 * Issues the SCIM API keys of locations and organizations (one table, one owner per key). Only SHA-256
 * hashes are stored; each owner has at most one live key.
 */
public final class ScimKeys {

    /** Whose key: the column of control.scim_key naming the owner (our own text, safe to splice). */
    public enum Owner {
        LOCATION("location_id"), ORGANIZATION("organization_id");

        private final String column;

        Owner(String column) {
            this.column = column;
        }
    }

    private final DataSource control;
    private final KeyChanges changes;

    public ScimKeys(DataSource control, KeyChanges changes) {
        this.control = control;
        this.changes = changes;
    }

    /** A key as shown once to the admin who generated it. */
    public record IssuedKey(String keyId, String apiKey, OffsetDateTime createdAt, IdentityProvider identityProvider) {
        @Override
        public String toString() {
            return "IssuedKey[" + keyId + "]";
        }
    }

    /** The live key's metadata (never the key). */
    public record KeyInfo(String keyId, OffsetDateTime createdAt, IdentityProvider identityProvider) {}

    /** An owner's live key as authentication reads it, joined to its owner's row (columns key_id, key_hash, identity_provider). */
    public record LiveKey(String keyId, byte[] hash, IdentityProvider identityProvider) {

        /** The live key of the row, or null when the owner has none. */
        public static LiveKey read(ResultSet rs) throws SQLException {
            String keyId = rs.getString("key_id");
            return keyId == null ? null : new LiveKey(keyId, rs.getBytes("key_hash"),
                    IdentityProvider.parse(rs.getString("identity_provider")).orElse(null));
        }

        /**
         * Whether a presented bearer secret, hashed ({@link Secrets#hash}, always, so no key costs the same), is
         * this key; no key (null) admits nothing.
         */
        public static boolean admits(LiveKey key, byte[] presentedHash) {
            return Secrets.matchesHashed(presentedHash, key == null ? null : key.hash());
        }
    }

    /** A new key for the location's identity provider; the previous key stops working in the same transaction. */
    public IssuedKey issue(String locationId, IdentityProvider provider) throws SQLException {
        return issue(Owner.LOCATION, locationId, provider);
    }

    /** A new key of a location or an organization; the owner's previous key stops working in the same transaction. */
    public IssuedKey issue(Owner owner, String ownerId, IdentityProvider provider) throws SQLException {
        return issue(owner, ownerId, provider, Transactions.Alongside.NOTHING);
    }

    /** As {@link #issue(Owner, String, IdentityProvider)}, with {@code alongside} given the new key's id in the same transaction. */
    public IssuedKey issue(Owner owner, String ownerId, IdentityProvider provider, Transactions.Alongside alongside)
            throws SQLException {
        String keyId = Secrets.newId(6);
        String apiKey = Secrets.newSecret();
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement revoke = c.prepareStatement(
                         "update control.scim_key set revoked_at = now() where " + owner.column + " = ? and revoked_at is null");
                 PreparedStatement insert = c.prepareStatement(
                         "insert into control.scim_key (key_id, " + owner.column + ", key_hash, identity_provider) values (?, ?, ?, ?)"
                                 + " returning created_at")) {
                revoke.setString(1, ownerId);
                revoke.executeUpdate();
                insert.setString(1, keyId);
                insert.setString(2, ownerId);
                insert.setBytes(3, Secrets.hash(apiKey));
                insert.setString(4, provider.id());
                OffsetDateTime createdAt;
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    createdAt = rs.getObject(1, OffsetDateTime.class);
                }
                alongside.write(c, keyId);
                c.commit();
                changes.changed(ownerId);
                return new IssuedKey(keyId, apiKey, createdAt, provider);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The live key's id and creation time; the key itself is checked by {@link Locations} with its location. */
    public Optional<KeyInfo> current(String locationId) throws SQLException {
        return current(Owner.LOCATION, locationId);
    }

    public Optional<KeyInfo> current(Owner owner, String ownerId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select key_id, created_at, identity_provider from control.scim_key"
                             + " where " + owner.column + " = ? and revoked_at is null")) {
            ps.setString(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new KeyInfo(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
                                IdentityProvider.of(rs.getString(3))))
                        : Optional.empty();
            }
        }
    }
}
