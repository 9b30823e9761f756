package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** What an operator watches: route and per-location MBeans, Prometheus metrics, health, the request log. */
class OperationsTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);
    final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    static final String DEACTIVATE = "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": false}}]}";
    static final String REACTIVATE = "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": true}}]}";

    @Test
    void the_location_mbean_counts_what_okta_does_to_that_location() throws Exception {
        TestLocation loc = admin.location("Perth");
        ObjectName name = locationMBean(loc.id());
        assertThat(jmx.isRegistered(name)).as("registered when the location is first used").isFalse();
        assertThat(name.getKeyProperty("id")).isEqualTo(loc.id());

        String id = http.post(loc.users(), loc.key(), "{\"userName\": \"jmx@example.com\"}").json().get("id").asText();
        http.put(loc.users() + "/" + id, loc.key(), "{\"userName\": \"jmx@example.com\", \"title\": \"Counsel\"}");
        http.patch(loc.users() + "/" + id, loc.key(), DEACTIVATE);
        http.patch(loc.users() + "/" + id, loc.key(), REACTIVATE);
        http.post(loc.users(), loc.key(), "{\"userName\": \"JMX@example.com\"}");   // 409
        http.get(loc.users() + "/not-a-user", loc.key());                          // 404
        http.get(loc.users(), "wrong-key");                                         // 401: not the location's call

        assertThat(jmx.getAttribute(name, "UsersCreated")).isEqualTo(1L);
        assertThat(jmx.getAttribute(name, "UsersUpdated")).isEqualTo(3L);
        assertThat(jmx.getAttribute(name, "UsersDeactivated")).isEqualTo(1L);
        assertThat(jmx.getAttribute(name, "UsersReactivated")).isEqualTo(1L);
        assertThat(jmx.getAttribute(name, "ScimRequests")).isEqualTo(6L);
        assertThat(jmx.getAttribute(name, "ScimErrors")).isEqualTo(2L);
        TabularData byStatus = (TabularData) jmx.getAttribute(name, "ScimErrorsByStatus");
        assertThat(((CompositeData) byStatus.get(new Object[] {"409"})).get("value")).isEqualTo(1L);
        assertThat(((CompositeData) byStatus.get(new Object[] {"404"})).get("value")).isEqualTo(1L);
        assertThat(byStatus.get(new Object[] {"401"})).isNull();
        assertThat((String) jmx.getAttribute(name, "LastScimCall")).isNotEmpty();
        assertThat((Long) jmx.getAttribute(name, "SecondsSinceLastScimCall")).isBetween(0L, 60L);

        http.delete(loc.users() + "/" + id, loc.key());
        assertThat(jmx.getAttribute(name, "UsersDeactivated")).isEqualTo(2L);
        assertThat(jmx.queryNames(new ObjectName("com.xakia.scim:type=Location,id=" + loc.id() + ",*"), null))
                .as("found by location id alone, as JConsole users search").containsExactly(name);
    }

    @Test
    void invitation_attributes_follow_a_real_invitation_through_the_outbox() throws Exception {
        TestLocation loc = admin.location("Hobart");
        ObjectName name = locationMBean(loc.id());
        String userId = http.post(loc.users(), loc.key(), "{\"userName\": \"invitee@example.com\", "
                + "\"emails\": [{\"value\": \"invitee@example.com\", \"primary\": true}]}").json().get("id").asText();
        assertThat(jmx.getAttribute(name, "OutboxDepth")).as("an empty outbox is read, not unknown").isEqualTo(0L);

        // The shared app's SMTP server (localhost:25) is not there: the attempt fails and the row waits to retry.
        Http.Response invited = http.send("POST", "/admin/api/locations/" + loc.id() + "/users/" + userId + "/invite",
                APP.adminToken, null, null);
        assertThat(invited.status()).as(invited.body()).isEqualTo(202);

        assertThat(jmx.getAttribute(name, "InvitationsQueued")).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(name, "InvitationsFailed") == 1L);
        assertThat(jmx.getAttribute(name, "InvitationsSent")).isEqualTo(0L);
        assertThat(jmx.getAttribute(name, "OutboxDepth")).isEqualTo(1L);
        assertThat((Long) jmx.getAttribute(name, "OutboxOldestAgeSeconds")).isBetween(0L, 60L);
        assertThat(metrics()).contains("xakia_invitations_total{location=\"" + loc.id() + "\",outcome=\"queued\"} 1.0")
                .contains("xakia_invitations_total{location=\"" + loc.id() + "\",outcome=\"failed\"} 1.0");
    }

    @Test
    void routes_are_mbeans_under_their_own_ids_with_extended_statistics() throws Exception {
        Set<ObjectName> routes = jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertThat(routes).extracting(n -> ObjectName.unquote(n.getKeyProperty("name")))
                .contains("scim-users-create", "scim-users-list", "scim-users-patch", "admin-audit-list");
        ObjectName create = routes.stream()
                .filter(n -> ObjectName.unquote(n.getKeyProperty("name")).equals("scim-users-create")).findFirst().orElseThrow();
        long before = (Long) jmx.getAttribute(create, "ExchangesTotal");
        TestLocation loc = admin.location("Alice Springs");
        http.post(loc.users(), loc.key(), "{\"userName\": \"route@example.com\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) jmx.getAttribute(create, "ExchangesTotal") == before + 1);
        // Extended statistics: every processor of the route is an MBean of its own
        assertThat(jmx.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null))
                .anyMatch(n -> "scim-users-create".equals(attribute(n, "RouteId")));
    }

    @Test
    void prometheus_metrics_show_scim_requests_by_location_operation_and_status_and_pool_usage() {
        TestLocation loc = admin.location("Darwin");
        http.post(loc.users(), loc.key(), "{\"userName\": \"metrics@example.com\"}");
        http.get(loc.users(), loc.key());

        String metrics = metrics();
        assertThat(metrics).contains("xakia_scim_requests_seconds_count{location=\"" + loc.id()
                + "\",operation=\"users-create\",status=\"201\"} 1");
        assertThat(metrics).contains("xakia_scim_requests_seconds_bucket{location=\"" + loc.id()
                + "\",operation=\"users-list\",status=\"200\",le=");
        assertThat(metrics).contains("hikaricp_connections_active{pool=\"xakia-1\"}");
        assertThat(metrics).contains("hikaricp_connections_max{pool=\"xakia-1\"}");
    }

    @Test
    void calls_at_an_organization_have_the_organizations_own_series() {
        String org = admin.post("/admin/api/organizations", "{\"name\": \"Metrics Org\"}").json().get("id").asText();
        String key = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
        http.get("/scim/v2/organizations/" + org + "/Users", key);
        http.get("/scim/v2/organizations/" + org + "/Users", "not-the-key");

        String metrics = metrics();
        // the operation is the REST route's: an organization's list has no direct route of a location's name
        assertThat(metrics).containsPattern("xakia_scim_requests_seconds_count\\{location=\"organization:" + org
                + "\",operation=\"[a-z-]+\",status=\"200\"} 1");
        // a wrong key is no organization's call: it goes with every other unauthenticated one under "-"
        assertThat(metrics).doesNotContainPattern("location=\"organization:" + org + "\",operation=\"[a-z-]+\",status=\"401\"");
    }

    @Test
    void health_is_up_with_readiness_and_liveness_apart() {
        Response health = http.get("http://127.0.0.1:" + APP.managementPort + "/observe/health", null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "control-database", "location-databases");
        Response ready = http.get("http://127.0.0.1:" + APP.managementPort + "/observe/health/ready", null);
        assertThat(ready.body()).contains("control-database");
        Response live = http.get("http://127.0.0.1:" + APP.managementPort + "/observe/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).doesNotContain("control-database");
    }

    @Test
    void every_scim_request_logs_one_line_without_query_values() {
        TestLocation loc = admin.location("Cairns");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            http.send("GET", loc.users() + "?filter=userName%20eq%20%22secret.person@example.com%22&count=5", loc.key(),
                    null, null, "X-Request-Id", "req-log-1");
            // the line is written when the exchange completes, which may be just after the client has its answer
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> captured.toString(StandardCharsets.UTF_8).contains("requestId=req-log-1"));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("requestId=req-log-1")))
                .singleElement().asString()
                .contains("method=GET", "path=/scim/v2/" + loc.id() + "/Users?filter&count", "status=200",
                        "location=" + loc.id(), "operation=users-list", "ms=");
        assertThat(log).doesNotContain("secret.person").doesNotContain(loc.key());
    }

    private ObjectName locationMBean(String id) {
        return APP.context().getRegistry().lookupByNameAndType("locationActivity", LocationActivity.class).objectName(id);
    }

    private Object attribute(ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            return null;
        }
    }

    private String metrics() {
        Response metrics = http.get("http://127.0.0.1:" + APP.managementPort + "/observe/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body();
    }
}
