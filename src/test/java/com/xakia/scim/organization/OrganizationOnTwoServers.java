package com.xakia.scim.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.xakia.scim.db.Databases;
import com.xakia.scim.location.KeyChanges;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.RememberedKeys;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.user.UserService;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An organization of two locations where no transaction spans both: Sydney in the control server's database
 * (created first, so a list reads it first) and London on a PostgreSQL server of its own, started here and
 * stopped by {@link #close}. Routed by the Xakia extension ("Sydney", "London"), with the organization's key.
 */
record OrganizationOnTwoServers(EmbeddedPostgres server, String org, String base, String key, String sydney,
                                String london) implements AutoCloseable {

    static OrganizationOnTwoServers start(RunningApp app, String name) throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(RunningApp.tempDir().resolve("org-" + name.toLowerCase().replace(' ', '-')))
                .setPort(RunningApp.freePort()).start();
        Admin admin = new Admin(app);
        String org = admin.post("/admin/api/organizations", "{\"name\": \"" + name + "\"}").json().get("id").asText();
        String sydney = admin.post("/admin/api/locations", "{\"name\": \"Sydney\", \"organizationId\": \"" + org + "\"}")
                .json().get("id").asText();
        Response own = admin.post("/admin/api/locations", "{\"name\": \"London\", \"organizationId\": \"" + org
                + "\", \"database\": {\"url\": \"" + server.getJdbcUrl("postgres", "postgres") + "\", \"user\": \"postgres\"}}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        String london = own.json().get("id").asText();
        Response routing = app.http.send("PUT", "/admin/api/organizations/" + org + "/routing", app.adminToken,
                "{\"locations\": {\"Sydney\": \"" + sydney + "\", \"London\": \"" + london + "\"}}", "application/json");
        assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
        String key = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
        return new OrganizationOnTwoServers(server, org, "/scim/v2/organizations/" + org, key, sydney, london);
    }

    /**
     * The organization's users as a process of its own would serve them (as at its start-up): the app's databases
     * and user service, the lists' reads run on {@code fanOut}.
     */
    static OrganizationUserService service(RunningApp app, ExecutorService fanOut) {
        return service(app, control(app), fanOut);
    }

    /** As {@link #service(RunningApp, ExecutorService)}, the index and moves read and written through {@code control}. */
    static OrganizationUserService service(RunningApp app, DataSource control, ExecutorService fanOut) {
        DataSource real = control(app);
        UserService users = app.context().getRegistry().lookupByNameAndType("userService", UserService.class);
        RememberedKeys nothingRemembered = new RememberedKeys(app.context().getRegistry()
                .lookupByNameAndType("databases", Databases.class).controlConnection(), false);
        return new OrganizationUserService(control, new Locations(real, KeyChanges.NONE),
                new RoutingTables(real, KeyChanges.NONE), users, fanOut, nothingRemembered);
    }

    static DataSource control(RunningApp app) {
        return app.context().getRegistry().lookupByNameAndType("databases", Databases.class).control();
    }

    /**
     * The control database, where {@code then} runs once, as soon as the first connection taken from it is closed:
     * between a call's read of the index and what the call does next.
     */
    static DataSource afterFirstConnection(DataSource control, Runnable then) {
        AtomicBoolean ran = new AtomicBoolean();
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(method, control, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                Object r = call(m, connection, a);
                                if (m.getName().equals("close") && ran.compareAndSet(false, true)) {
                                    then.run();
                                }
                                return r;
                            });
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A list by {@code service} of the organization's users that match, by userName, {@code count} a page. */
    Page list(RunningApp app, OrganizationUserService service, String filter, int count) throws Exception {
        UserResources resources = app.context().getRegistry().lookupByNameAndType("organizationUserResources",
                UserResources.class);
        ListRequest request = resources.toSearch("{\"filter\": " + new ObjectMapper().writeValueAsString(filter)
                + ", \"sortBy\": \"userName\", \"count\": " + count + "}");
        return service.list(new OrganizationCaller(new Organization(org, "test", null), "test", null, null), request);
    }

    /** The organization-level ids of a page's users, in its order. */
    static List<String> ids(Page page) {
        List<String> ids = new ArrayList<>();
        page.resources().forEach(r -> ids.add(((UserRecord) r).id().toString()));
        return ids;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
