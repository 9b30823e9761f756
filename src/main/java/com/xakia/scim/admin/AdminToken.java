package com.xakia.scim.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.organization.OrganizationAdminTokens;
import com.xakia.scim.web.AuthorizationHeader;
import com.xakia.scim.web.ClientAddress;
import org.apache.camel.Exchange;

/**
 * The admin API's bearer tokens: the operator's, and the organization admins' ({@link OrganizationAdminTokens}).
 * Only hashes are kept (in the control database). XAKIA_ADMIN_TOKEN, when set, is the operator's token;
 * otherwise the first start generates one and prints it once.
 */
public final class AdminToken {

    private final DataSource control;
    private final OrganizationAdminTokens organizationTokens;
    private final FailedLogins failedLogins = new FailedLogins();

    public AdminToken(DataSource control, OrganizationAdminTokens organizationTokens) {
        this.control = control;
        this.organizationTokens = organizationTokens;
    }

    /** Makes sure a token hash is stored; returns a newly generated token to print once, or null. */
    public String bootstrap(String configured) throws SQLException {
        String generated = null;
        String token = configured;
        if (token == null || token.isBlank()) {
            if (storedHash() != null) {
                return null;
            }
            token = generated = Secrets.newSecret();
        }
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into control.admin_token (id, token_hash) values (1, ?)"
                     + " on conflict (id) do update set token_hash = excluded.token_hash, created_at = now()"
                     + " where admin_token.token_hash <> excluded.token_hash")) {
            ps.setBytes(1, Secrets.hash(token));
            ps.executeUpdate();
        }
        return generated;
    }

    /**
     * First step of every admin route: who the caller is ({@link AdminCaller}, an exchange property). A SCIM
     * key is no admin token, so it fails here too. A client that has presented too many wrong tokens (of
     * either kind: one count) is refused first, before any stored hash is even read.
     */
    public void authenticate(Exchange exchange) throws SQLException {
        String client = ClientAddress.of(exchange);
        long retryAfter = failedLogins.retryAfterSeconds(client);
        if (retryAfter > 0) {
            throw AdminError.tooManyAttempts(retryAfter);
        }
        String presented = Secrets.bearer(AuthorizationHeader.of(exchange));
        if (presented == null) {
            throw AdminError.unauthorized(); // no token, no guess: nothing to count
        }
        if (Secrets.matches(presented, storedHash())) {
            exchange.setProperty(AdminCaller.PROPERTY, AdminCaller.operator());
            return;
        }
        OrganizationAdminTokens.Holder holder = organizationTokens.holder(presented).orElse(null);
        if (holder == null) {
            failedLogins.failed(client);
            throw AdminError.unauthorized();
        }
        exchange.setProperty(AdminCaller.PROPERTY, AdminCaller.organizationAdmin(holder.organizationId(), holder.tokenId()));
    }

    private byte[] storedHash() throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select token_hash from control.admin_token where id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }
}
