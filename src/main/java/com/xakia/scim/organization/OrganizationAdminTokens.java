package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Transactions;

/**
 * The admin tokens of organizations (#16 item 6): issued to an organization's own admins, each working on the
 * admin API for that organization and its locations only. Only SHA-256 hashes are stored; a token is looked up
 * by its hash, and a revoked token stops working on the next request (nothing is cached).
 */
public final class OrganizationAdminTokens {

    /** Token ids are ours, like key ids; anything else in a URL is refused before SQL. */
    public static final Pattern TOKEN_ID = Pattern.compile("[a-z0-9]{12}");

    /** A token as shown once to the operator who issued it. */
    public record Issued(String tokenId, String organizationId, String token, OffsetDateTime createdAt) {
        @Override
        public String toString() {
            return "Issued[" + tokenId + "]"; // never the token
        }
    }

    /** A live token as listed: never the token. */
    public record Info(String tokenId, OffsetDateTime createdAt) {}

    /** Whose token a presented secret is. */
    public record Holder(String tokenId, String organizationId) {}

    private final DataSource control;

    public OrganizationAdminTokens(DataSource control) {
        this.control = control;
    }

    /**
     * A new token of the organization (256 random bits); the organization's other tokens keep working.
     * {@code alongside} is given the token's id in the same transaction.
     */
    public Issued issue(String organizationId, Transactions.Alongside alongside) throws SQLException {
        String tokenId = Secrets.newId(6);
        String token = Secrets.newSecret();
        return Transactions.inTransaction(control, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into control.organization_admin_token"
                    + " (token_id, organization_id, token_hash) values (?, ?, ?) returning created_at")) {
                ps.setString(1, tokenId);
                ps.setString(2, organizationId);
                ps.setBytes(3, Secrets.hash(token));
                OffsetDateTime createdAt;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    createdAt = rs.getObject(1, OffsetDateTime.class);
                }
                alongside.write(c, tokenId);
                return new Issued(tokenId, organizationId, token, createdAt);
            }
        });
    }

    /** The organization's live tokens, oldest first. */
    public List<Info> live(String organizationId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select token_id, created_at from control.organization_admin_token"
                     + " where organization_id = ? and revoked_at is null order by created_at, token_id")) {
            ps.setString(1, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Info> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(new Info(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                }
                return all;
            }
        }
    }

    /**
     * Revokes a live token of the organization; false when it has no such live token. {@code alongside} is given
     * the token's id in the same transaction, when there was one to revoke.
     */
    public boolean revoke(String organizationId, String tokenId, Transactions.Alongside alongside) throws SQLException {
        if (tokenId == null || !TOKEN_ID.matcher(tokenId).matches()) {
            return false;
        }
        return Transactions.inTransaction(control, c -> {
            try (PreparedStatement ps = c.prepareStatement("update control.organization_admin_token set revoked_at = now()"
                    + " where organization_id = ? and token_id = ? and revoked_at is null")) {
                ps.setString(1, organizationId);
                ps.setString(2, tokenId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            alongside.write(c, tokenId);
            return true;
        });
    }

    /** Whose live token the presented secret is, if anyone's. */
    public Optional<Holder> holder(String presented) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select token_id, organization_id from control.organization_admin_token"
                     + " where token_hash = ? and revoked_at is null")) {
            ps.setBytes(1, Secrets.hash(presented));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
