package com.xakia.scim;

import com.xakia.scim.config.Properties;
import com.xakia.scim.config.Settings;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import com.xakia.scim.admin.AdminApi;
import com.xakia.scim.admin.AdminBody;
import com.xakia.scim.admin.AdminInvitations;
import com.xakia.scim.admin.AdminOpenApi;
import com.xakia.scim.admin.AdminPage;
import com.xakia.scim.admin.AdminScope;
import com.xakia.scim.admin.OrganizationAdminsApi;
import com.xakia.scim.admin.AdminToken;
import com.xakia.scim.admin.AdminTokenStrength;
import com.xakia.scim.db.Databases;
import com.xakia.scim.db.PoolBudget;
import com.xakia.scim.group.GroupResources;
import com.xakia.scim.group.GroupService;
import com.xakia.scim.invite.InvitationEmail;
import com.xakia.scim.invite.InvitationLinks;
import com.xakia.scim.invite.InvitationOutbox;
import com.xakia.scim.invite.OutboxHints;
import com.xakia.scim.invite.InvitationPages;
import com.xakia.scim.invite.InvitationSettings;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.invite.MailServer;
import com.xakia.scim.endpoint.LocationAuth;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.RememberedKeys;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.admin.OrganizationsApi;
import com.xakia.scim.endpoint.OrganizationAuth;
import com.xakia.scim.organization.OrganizationAdminTokens;
import com.xakia.scim.organization.OrganizationUserService;
import com.xakia.scim.organization.Organizations;
import com.xakia.scim.organization.RoutingTables;
import com.xakia.scim.scim.ResourceSchema;
import com.xakia.scim.bulk.Bulk;
import com.xakia.scim.endpoint.Discovery;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.endpoint.ScimResponses;
import com.xakia.scim.endpoint.Unrouted;
import com.xakia.scim.search.RootSearch;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.user.UserService;
import com.xakia.scim.admin.AuditApi;
import com.xakia.scim.ops.OrganizationAudit;
import com.xakia.scim.location.Location;
import com.xakia.scim.ops.CachingMBeanAssembler;
import com.xakia.scim.ops.ControlDatabaseHealthCheck;
import com.xakia.scim.ops.LocationActivity;
import com.xakia.scim.ops.LocationBulkhead;
import com.xakia.scim.ops.LocationDatabasesHealthCheck;
import com.xakia.scim.config.OpsSettings;
import com.xakia.scim.ops.RateLimiter;
import com.xakia.scim.ops.ScimRequestGuard;
import com.xakia.scim.ops.ScimRequestObserver;
import com.xakia.scim.ops.SmtpHealthCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * Wires the beans the routes call. The database is started here, before the routes, so a route never
 * sees a half-started store; it is stopped with the CamelContext.
 */
public final class XakiaConfiguration implements CamelConfiguration {

    /**
     * Sets up {@code main} to run xakia-scim: this configuration, and the embedded PostgreSQL started as soon as
     * Camel's properties can be read, on a thread of its own, so its start overlaps Camel's loading of the routes
     * and components instead of following it; {@link #configure} waits for it before the first query.
     */
    public static void addTo(Main main) {
        main.configure().addConfiguration(XakiaConfiguration.class);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport camel) {
                CamelContext context = camel.getCamelContext();
                Databases databases = new Databases(checkedSettings(context));
                context.getRegistry().bind("databases", databases);
                try {
                    context.addService(databases, true, false); // stopped with the context, whatever fails before configure
                } catch (Exception e) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(e);
                }
                databases.startEmbeddedEarly();
            }
        });
    }

    /** The settings, with what must hold before anything starts checked. */
    private static Settings checkedSettings(CamelContext context) {
        Settings settings = Settings.from(context);
        if (!settings.adminToken().isBlank()) {
            AdminTokenStrength.requireStrong(settings.adminToken());
        }
        return settings;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // before the JMX agent starts: it takes the assembler then (~600 MBeans, each class's MBeanInfo built once)
        context.getCamelContextExtension().setManagementMBeanAssembler(new CachingMBeanAssembler(context));
        Settings settings = checkedSettings(context);
        OpsSettings ops = OpsSettings.from(context);
        // One meter registry for Camel's /observe/metrics, our SCIM timers and the pools' usage.
        // (camel-micrometer-prometheus may have made it already; then it is the one /observe/metrics scrapes.)
        PrometheusMeterRegistry meters = context.getRegistry().lookupByNameAndType(
                MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        Databases databases = context.getRegistry().lookupByNameAndType("databases", Databases.class);
        if (databases == null) { // a Main not set up by addTo (camel-test-main): started here, all at once
            databases = new Databases(settings);
            context.addService(databases, true, true);
        }
        databases.reportPoolsTo(meters);
        databases.start();
        LocationNamespaces.migrateControl(databases.control());

        RememberedKeys rememberedKeys = new RememberedKeys(databases.controlConnection(),
                Properties.of(context).flag("xakia.scim.remember-keys"));
        context.addService(new ServiceSupport() { // stopped before the databases (services stop in reverse order)
            @Override
            protected void doStop() {
                rememberedKeys.close();
            }
        }, true, true);
        Locations locations = new Locations(databases.control(), rememberedKeys);
        ScimKeys keys = new ScimKeys(databases.control(), rememberedKeys);
        LocationNamespaces namespaces = new LocationNamespaces(databases);
        LocationActivity activity = new LocationActivity(context.getName(), meters);
        context.addService(activity, true, true);
        UserService users = new UserService(namespaces, activity);
        Organizations organizations = new Organizations(databases.control());
        OrganizationAdminTokens organizationAdminTokens = new OrganizationAdminTokens(databases.control());
        AdminToken adminToken = new AdminToken(databases.control(), organizationAdminTokens);
        // handed over to the start-up announcement once, then forgotten (a context restart prints nothing)
        AtomicReference<String> generatedToken = new AtomicReference<>(adminToken.bootstrap(settings.adminToken()));

        Registry registry = context.getRegistry();
        registry.bind("databases", databases);
        int perLocation = ops.maxConcurrentPerLocation() > 0 ? ops.maxConcurrentPerLocation()
                : LocationBulkhead.defaultFor(new PoolBudget(settings.dbMaxConnections()).sharedPoolSize());
        RateLimiter rateLimiter = new RateLimiter(ops.rateLimitPerSecond(), ops.rateLimitBurst());
        LocationBulkhead bulkhead = new LocationBulkhead(perLocation); // a location's slots, and an organization's
        registry.bind("locationAuth", new LocationAuth(locations, rememberedKeys, rateLimiter, bulkhead));
        registry.bind("adminToken", adminToken);
        Properties p = Properties.of(context);
        QueryLimits limits = new QueryLimits(settings.scimMaxResults(), p.integer("xakia.scim.filter-max-length"),
                p.integer("xakia.scim.filter-max-terms"), p.integer("xakia.scim.filter-max-depth"),
                p.integer("xakia.scim.max-attributes"), p.integer("xakia.scim.attributes-max-length"));
        UserResources userResources = new UserResources(limits);
        registry.bind("userResources", userResources);
        registry.bind("userService", users);
        registry.bind("scimResponses", new ScimResponses(settings, limits));
        RoutingTables routingTables = new RoutingTables(databases.control(), rememberedKeys);
        registry.bind("adminApi", new AdminApi(settings, locations, namespaces, keys, users, organizations));
        registry.bind("organizationsApi", new OrganizationsApi(settings, organizations, locations, keys, routingTables));
        registry.bind("organizationAuth", new OrganizationAuth(organizations, rememberedKeys, rateLimiter, bulkhead, settings));
        registry.bind("organizationUserResources", new UserResources(limits, ResourceSchema.ORGANIZATION_USER));
        // Lists across an organization's locations read each location's share on this pool (Camel's, shut down with
        // the context): bounded like one location's share of the shared pool's connections, whatever the number of
        // organizations listing at once.
        ExecutorService fanOut = context.getExecutorServiceManager().newFixedThreadPool(this, "organization-fan-out",
                perLocation);
        OrganizationUserService organizationUsers = new OrganizationUserService(databases.control(), locations,
                routingTables, users, fanOut, rememberedKeys);
        registry.bind("organizationUsers", organizationUsers);
        organizationUsers.finishUnfinishedMoves(); // moves a crash interrupted, before any call is served
        organizationUsers.markRowsWrittenBeforeMarks(); // once per location; nothing once all are done
        registry.bind("organizationAdminsApi", new OrganizationAdminsApi(organizations, organizationAdminTokens));
        registry.bind("adminScope", new AdminScope(locations));
        registry.bind("adminBody", new AdminBody());
        registry.bind("adminOpenApi", new AdminOpenApi(settings));
        GroupService groups = new GroupService(namespaces);
        GroupResources groupResources = new GroupResources(limits);
        registry.bind("groupResources", groupResources);
        registry.bind("groupService", groups);
        registry.bind("discovery", new Discovery(settings));
        registry.bind("unrouted", new Unrouted());
        registry.bind("bulk", new Bulk(settings, userResources, users, groupResources, groups, rateLimiter));
        registry.bind("rootSearch", new RootSearch(users, groups, limits));
        registerOperations(context, ops, limits, databases, locations, namespaces, organizations, activity, meters);
        bindInvitations(context, settings, databases, locations, namespaces, activity);
        registry.bind("adminPage", new AdminPage());

        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event.getType() == CamelEvent.Type.CamelContextStarted) {
                    announce(settings, generatedToken.getAndSet(null));
                }
            }
        });
    }

    /** Request log, metrics, per-location MBeans, health checks and the audit API (issue #5). */
    private static void registerOperations(CamelContext context, OpsSettings ops, QueryLimits limits, Databases databases, Locations locations,
                                           LocationNamespaces namespaces, Organizations organizations,
                                           LocationActivity activity,
                                           PrometheusMeterRegistry meters) throws Exception {
        Registry registry = context.getRegistry();
        registry.bind("scimRequestGuard", new ScimRequestGuard(limits));
        registry.bind("auditApi", new AuditApi(locations, namespaces, organizations,
                new OrganizationAudit(databases.control())));
        registry.bind("locationActivity", activity);
        context.getManagementStrategy().addEventNotifier(new ScimRequestObserver(meters, activity, "json".equals(ops.logFormat())));
        for (Location location : locations.list()) {
            activity.of(location.id()); // every location shows in JMX from the start, not after its first call
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new ControlDatabaseHealthCheck(databases.control()));
        health.register(new LocationDatabasesHealthCheck(locations, databases, ops.healthLocationDetails()));
        if (!ops.smtpHost().isBlank()) {
            health.register(new SmtpHealthCheck(ops.smtpHost(), ops.smtpPort()));
        }
    }

    /** Invitations: the admin side, the outbox drainer and its SMTP server, the invitee's accept link. */
    private static void bindInvitations(CamelContext context, Settings settings, Databases databases,
                                        Locations locations, LocationNamespaces namespaces, LocationActivity activity) {
        InvitationSettings invitations = InvitationSettings.from(context);
        MailServer.configure(context, invitations);
        InvitationStore store = new InvitationStore(namespaces);
        Registry registry = context.getRegistry();
        registry.bind("controlDataSource", databases.control()); // camel-jdbc: the drainer's list of locations
        OutboxHints hints = new OutboxHints(databases.control());
        registry.bind("adminInvitations", new AdminInvitations(locations, store, activity, hints));
        InvitationOutbox outbox = new InvitationOutbox(locations, namespaces, invitations, activity, hints);
        activity.outboxProbe(outbox);
        registry.bind("invitationOutbox", outbox);
        registry.bind("invitationEmail", new InvitationEmail(settings, invitations));
        registry.bind("invitationPages", new InvitationPages(new InvitationLinks(locations, namespaces)));
    }

    /**
     * The one start-up line, and a generated admin token, printed once to the console: never through the
     * logger, whose lines are shipped, kept and repeated by log pipelines.
     */
    private static void announce(Settings settings, String generatedToken) {
        System.out.println("xakia-scim ready: SCIM at " + settings.publicUrl() + "/scim/v2/<locationId>, admin API at "
                + settings.publicUrl() + "/admin/api (port " + settings.httpPort() + "), health at http://localhost:"
                + settings.managementPort() + "/observe/health");
        if (generatedToken != null) {
            System.out.println("Generated admin token (shown once; only its hash is kept): " + generatedToken);
        }
    }
}
