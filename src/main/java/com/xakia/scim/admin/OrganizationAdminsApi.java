package com.xakia.scim.admin;

import java.sql.SQLException;

import com.xakia.scim.admin.messages.AdminTokenIssued;
import com.xakia.scim.admin.messages.AdminTokenList;
import com.xakia.scim.organization.Organization;
import com.xakia.scim.organization.OrganizationAdminTokens;
import com.xakia.scim.organization.Organizations;
import org.apache.camel.Header;

/**
 * The operator issues, lists and revokes an organization's admin tokens (#16 item 6). A token is shown once;
 * revoking it takes effect on the next request it is presented with.
 */
public final class OrganizationAdminsApi {

    private final Organizations organizations;
    private final OrganizationAdminTokens tokens;

    public OrganizationAdminsApi(Organizations organizations, OrganizationAdminTokens tokens) {
        this.organizations = organizations;
        this.tokens = tokens;
    }

    public AdminReply issue(@Header("organizationId") String id) throws SQLException {
        OrganizationAdminTokens.Issued issued = tokens.issue(existing(id).id());
        // 256 random bits always pass the operator token's rules; checked anyway, so a change to either cannot
        // quietly hand out a token weaker than the operator may configure.
        String weakness = AdminTokenStrength.weakness(issued.token());
        if (weakness != null) {
            tokens.revoke(issued.organizationId(), issued.tokenId());
            throw new IllegalStateException("A generated organization admin token was weak (" + weakness + ")");
        }
        return new AdminReply(201, AdminTokenIssued.of(issued));
    }

    public AdminReply list(@Header("organizationId") String id) throws SQLException {
        return new AdminReply(200, new AdminTokenList(tokens.live(existing(id).id()).stream()
                .map(t -> new AdminTokenList.AdminTokenView(t.tokenId(), t.createdAt())).toList()));
    }

    public AdminReply revoke(@Header("organizationId") String id, @Header("tokenId") String tokenId) throws SQLException {
        if (!tokens.revoke(existing(id).id(), tokenId)) {
            throw AdminError.notFound("No live admin token with id " + tokenId + " in this organization.");
        }
        return new AdminReply(204, null);
    }

    private Organization existing(String id) throws SQLException {
        return organizations.find(id).orElseThrow(() -> AdminError.noOrganization(id));
    }
}
