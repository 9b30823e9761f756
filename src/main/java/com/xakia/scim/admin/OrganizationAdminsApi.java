package com.xakia.scim.admin;

import java.sql.SQLException;

import com.xakia.scim.admin.messages.AdminTokenIssued;
import com.xakia.scim.admin.messages.AdminTokenList;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.ops.OrganizationAudit;
import com.xakia.scim.organization.Organization;
import com.xakia.scim.organization.OrganizationAdminTokens;
import com.xakia.scim.organization.Organizations;
import com.xakia.scim.web.RequestIds;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The operator issues, lists and revokes an organization's admin tokens (#16 item 6). A token is shown once;
 * revoking it takes effect on the next request it is presented with. Both write their row in
 * control.organization_audit in the same transaction.
 */
public final class OrganizationAdminsApi {

    private final Organizations organizations;
    private final OrganizationAdminTokens tokens;

    public OrganizationAdminsApi(Organizations organizations, OrganizationAdminTokens tokens) {
        this.organizations = organizations;
        this.tokens = tokens;
    }

    public AdminReply issue(@Header("organizationId") String id, Exchange exchange) throws SQLException {
        String organizationId = existing(id).id();
        OrganizationAdminTokens.Issued issued = tokens.issue(organizationId,
                audit(organizationId, "admin.organization.admin-token.issue", exchange));
        // 256 random bits always pass the operator token's rules; checked anyway, so a change to either cannot
        // quietly hand out a token weaker than the operator may configure.
        String weakness = AdminTokenStrength.weakness(issued.token());
        if (weakness != null) {
            tokens.revoke(organizationId, issued.tokenId(),
                    audit(organizationId, "admin.organization.admin-token.revoke", exchange));
            throw new IllegalStateException("A generated organization admin token was weak (" + weakness + ")");
        }
        return new AdminReply(201, AdminTokenIssued.of(issued));
    }

    public AdminReply list(@Header("organizationId") String id) throws SQLException {
        return new AdminReply(200, new AdminTokenList(tokens.live(existing(id).id()).stream()
                .map(t -> new AdminTokenList.AdminTokenView(t.tokenId(), t.createdAt())).toList()));
    }

    public AdminReply revoke(@Header("organizationId") String id, @Header("tokenId") String tokenId, Exchange exchange)
            throws SQLException {
        String organizationId = existing(id).id();
        if (!tokens.revoke(organizationId, tokenId, audit(organizationId, "admin.organization.admin-token.revoke", exchange))) {
            throw AdminError.notFound("No live admin token with id " + tokenId + " in this organization.");
        }
        return new AdminReply(204, null);
    }

    /** The audit row of an issue or a revocation, written in its transaction: the token's id, never the token. */
    private static Transactions.Alongside audit(String organizationId, String operation, Exchange exchange) {
        return OrganizationAudit.row(organizationId, AdminCaller.of(exchange).actor(), operation, RequestIds.of(exchange));
    }

    private Organization existing(String id) throws SQLException {
        return organizations.find(id).orElseThrow(() -> AdminError.noOrganization(id));
    }
}
