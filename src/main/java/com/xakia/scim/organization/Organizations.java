package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.ScimKeys;

/** The organizations in the control database. */
public final class Organizations {

    private final DataSource control;

    public Organizations(DataSource control) {
        this.control = control;
    }

    /** A new organization; {@code alongside} is given its id in the same transaction. */
    public Organization create(String name, Transactions.Alongside alongside) throws SQLException {
        String id = Secrets.newId(8);
        return Transactions.inTransaction(control, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into control.organization (id, name) values (?, ?) returning created_at")) {
                ps.setString(1, id);
                ps.setString(2, name);
                OffsetDateTime createdAt;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    createdAt = rs.getObject(1, OffsetDateTime.class);
                }
                alongside.write(c, id);
                return new Organization(id, name, createdAt);
            }
        });
    }

    public Optional<Organization> find(String id) throws SQLException {
        if (id == null || !Organization.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, name, created_at from control.organization where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<Organization> list() throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select id, name, created_at from control.organization order by created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<Organization> all = new ArrayList<>();
            while (rs.next()) {
                all.add(read(rs));
            }
            return all;
        }
    }

    /** An organization with the hash of its live SCIM key (null when it has none). */
    public record WithLiveKey(Organization organization, ScimKeys.LiveKey key) {}

    /** The organization and its live key in one round trip, read fresh on every request (revocation is immediate). */
    public Optional<WithLiveKey> findWithLiveKey(String id) throws SQLException {
        if (id == null || !Organization.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select o.id, o.name, o.created_at, k.key_id, k.key_hash,"
                     + " k.identity_provider from control.organization o left join control.scim_key k"
                     + " on k.organization_id = o.id and k.revoked_at is null where o.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new WithLiveKey(read(rs), ScimKeys.LiveKey.read(rs)))
                        : Optional.empty();
            }
        }
    }

    private static Organization read(ResultSet rs) throws SQLException {
        return new Organization(rs.getString("id"), rs.getString("name"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
