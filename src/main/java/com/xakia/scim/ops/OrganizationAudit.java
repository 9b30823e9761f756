package com.xakia.scim.ops;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.AuditLog;

/**
 * The audit trail of admin actions on organizations, in control.organization_audit (#16). Every such action
 * changes the control database only, so its row is written in the action's own transaction: given to the
 * action as its {@link Transactions.Alongside}, which hands it the id of the key, token or organization.
 * Who (admin or org-admin:&lt;token id&gt;), what, which resource: never a secret, never a value. Rows and
 * pages have the shape of a location's audit table ({@link AuditLog}, {@link AuditTrail}).
 */
public final class OrganizationAudit {

    private static final String TABLE = "control.organization_audit";
    private static final String ORGANIZATION = "organization_id";

    private final DataSource control;

    public OrganizationAudit(DataSource control) {
        this.control = control;
    }

    /** The row of an action on the organization; the resource is the id the action hands over. */
    public static Transactions.Alongside row(String organizationId, String actor, String operation, String requestId) {
        return (c, resourceId) -> AuditLog.write(c, TABLE, ORGANIZATION, organizationId, actor, operation, resourceId,
                List.of(), requestId);
    }

    /** The row of an organization's creation: the organization is the id the creation hands over. */
    public static Transactions.Alongside creation(String actor, String operation, String requestId) {
        return (c, organizationId) -> row(organizationId, actor, operation, requestId).write(c, organizationId);
    }

    /** The organization's rows, newest first; {@code from} inclusive and {@code to} exclusive, either may be null. */
    public AuditTrail.Page page(String organizationId, OffsetDateTime from, OffsetDateTime to, int startIndex, int count)
            throws SQLException {
        return AuditTrail.page(control, TABLE, ORGANIZATION, organizationId, from, to, startIndex, count);
    }
}
