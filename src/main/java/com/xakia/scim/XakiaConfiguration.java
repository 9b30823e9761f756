package com.xakia.scim;

import com.xakia.scim.admin.AdminApi;
import com.xakia.scim.admin.AdminToken;
import com.xakia.scim.db.Databases;
import com.xakia.scim.group.GroupResources;
import com.xakia.scim.group.GroupStore;
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

        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event.getType() == CamelEvent.Type.CamelContextStarted) {
                    announce(settings, generatedToken);
                }
            }
        });
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
