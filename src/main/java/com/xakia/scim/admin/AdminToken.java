package com.xakia.scim.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.web.AuthorizationHeader;
import com.xakia.scim.web.ClientAddress;
import org.apache.camel.Exchange;

/**
 * The admin API's bearer token. Only its hash is kept (in the control database). XAKIA_ADMIN_TOKEN, when
 * set, is the token; otherwise the first start generates one and prints it once.
 */
public final class AdminToken {

    private final DataSource control;
    private final FailedLogins failedLogins = new FailedLogins();

    public AdminToken(DataSource control) {
        this.control = control;
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
     * First step of every admin route. A SCIM key is not the admin token, so it fails here too. A client
     * that has presented too many wrong tokens is refused first, before the stored hash is even read.
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
        if (!Secrets.matches(presented, storedHash())) {
            failedLogins.failed(client);
            throw AdminError.unauthorized();
        }
    }

    private byte[] storedHash() throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select token_hash from control.admin_token where id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }
}
