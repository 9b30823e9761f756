package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** The unauthenticated management port: loopback only by default, no location ids, no probe per call. */
class ManagementPortTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void by_default_the_management_port_listens_on_loopback_only() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();
        try (Socket publicPort = new Socket()) {
            publicPort.connect(new InetSocketAddress(external.get(), APP.port), 2_000); // the address works
        }
        assertThatThrownBy(() -> {
            try (Socket management = new Socket()) {
                management.connect(new InetSocketAddress(external.get(), APP.managementPort), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(http.get("http://127.0.0.1:" + APP.managementPort + "/observe/health", null).status()).isEqualTo(200);
    }

    @Test
    void by_default_health_counts_locations_without_naming_them_and_probes_at_most_once_per_ttl() {
        TestLocation location = admin.location("Unnamed in health");
        Response first = health(APP);
        Response second = health(APP);
        assertThat(probedAt(second)).as("a second call within the time to live probes nothing").isEqualTo(probedAt(first));
        Response later = await().atMost(LocationDatabasesHealthCheck.PROBE_TTL.plusSeconds(10))
                .until(() -> health(APP), h -> !probedAt(h).equals(probedAt(first)));
        assertThat(later.body()).contains("\"locations\":").doesNotContain(location.id()).doesNotContain("location.");
    }

    @Test
    void with_location_details_configured_health_lists_every_location() {
        try (RunningApp detailed = RunningApp.start(Map.of("xakia.health.location-details", "true"))) {
            TestLocation location = new Admin(detailed).location("Named in health");
            Response health = await().atMost(LocationDatabasesHealthCheck.PROBE_TTL.plusSeconds(10))
                    .until(() -> health(detailed), h -> h.body().contains(location.id()));
            assertThat(health.body()).contains("\"location." + location.id() + "\":\"UP\"");
        }
    }

    private Response health(RunningApp app) {
        Response health = http.get("http://127.0.0.1:" + app.managementPort + "/observe/health?data=true", null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        return health;
    }

    private static String probedAt(Response health) {
        for (var check : health.json().get("checks")) {
            if (check.get("name").asText().equals("location-databases")) {
                return check.at("/data/probed.at").asText();
            }
        }
        throw new AssertionError("no location-databases check in " + health.body());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
