package com.xakia.scim;

import com.xakia.scim.admin.AdminApi;
import com.xakia.scim.admin.AdminInvitations;
import com.xakia.scim.admin.AdminPage;
import com.xakia.scim.admin.AdminToken;
import com.xakia.scim.db.Databases;
import com.xakia.scim.group.GroupResources;
import com.xakia.scim.group.GroupStore;
import com.xakia.scim.invite.InvitationEmail;
import com.xakia.scim.invite.InvitationLinks;
import com.xakia.scim.invite.InvitationOutbox;
import com.xakia.scim.invite.InvitationPages;
import com.xakia.scim.invite.InvitationSettings;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.invite.MailServer;
import com.xakia.scim.location.LocationAuth;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.scim.Bulk;
import com.xakia.scim.scim.Discovery;
import com.xakia.scim.scim.ScimResponses;
import com.xakia.scim.search.RootSearch;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.user.UserStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * Wires the beans the routes call. The database is started here, before the routes, so a route never
 * sees a half-started store; it is stopped with the CamelContext.
 */
public final class XakiaConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context);
        Databases databases = new Databases(settings);
        context.addService(databases, true, true);
        databases.start();
        LocationNamespaces.migrateControl(databases.control());

        Locations locations = new Locations(databases.control());
        ScimKeys keys = new ScimKeys(databases.control());
        LocationNamespaces namespaces = new LocationNamespaces(databases);
        UserStore users = new UserStore(namespaces);
        AdminToken adminToken = new AdminToken(databases.control());
        String generatedToken = adminToken.bootstrap(settings.adminToken());

        Registry registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind("databases", databases);
        registry.bind("locationAuth", new LocationAuth(locations, keys));
        registry.bind("adminToken", adminToken);
        registry.bind("userResources", new UserResources(settings.scimMaxResults()));
        registry.bind("userStore", users);
        registry.bind("scimResponses", new ScimResponses(settings));
        registry.bind("adminApi", new AdminApi(settings, locations, namespaces, keys, users));
        GroupStore groups = new GroupStore(namespaces);
        registry.bind("groupResources", new GroupResources(settings.scimMaxResults()));
        registry.bind("groupStore", groups);
        registry.bind("discovery", new Discovery(settings));
        registry.bind("bulk", new Bulk(settings, context.createProducerTemplate()));
        registry.bind("rootSearch", new RootSearch(users, groups, settings.scimMaxResults()));
        bindInvitations(context, settings, databases, locations, namespaces);
        registry.bind("adminPage", new AdminPage());

        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event.getType() == CamelEvent.Type.CamelContextStarted) {
                    announce(settings, generatedToken);
                }
            }
        });
    }

    /** Invitations: the admin side, the outbox drainer and its SMTP server, the invitee's accept link. */
    private static void bindInvitations(CamelContext context, Settings settings, Databases databases,
                                        Locations locations, LocationNamespaces namespaces) {
        InvitationSettings invitations = InvitationSettings.from(context);
        MailServer.configure(context, invitations);
        InvitationStore store = new InvitationStore(namespaces);
        Registry registry = context.getRegistry();
        registry.bind("controlDataSource", databases.control()); // camel-jdbc: the drainer's list of locations
        registry.bind("adminInvitations", new AdminInvitations(locations, store));
        registry.bind("invitationOutbox", new InvitationOutbox(locations, namespaces, invitations));
        registry.bind("invitationEmail", new InvitationEmail(settings, invitations));
        registry.bind("invitationPages", new InvitationPages(new InvitationLinks(locations, namespaces)));
    }

    /** The one start-up line, and a generated admin token, printed once to the console (never logged). */
    private static void announce(Settings settings, String generatedToken) {
        System.out.println("xakia-scim ready: SCIM at " + settings.publicUrl() + "/scim/v2/<locationId>, admin API at "
                + settings.publicUrl() + "/admin/api (port " + settings.httpPort() + "), health at http://localhost:"
                + settings.managementPort() + "/observe/health");
        if (generatedToken != null) {
            System.out.println("Generated admin token (shown once; only its hash is kept): " + generatedToken);
        }
    }
}
