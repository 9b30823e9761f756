package com.xakia.scim.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;

/** The outbox under several drainers and across a restart: nothing sent twice, nothing lost. */
class OutboxDrainersTest {

    static Map<String, String> smtp(Smtp server, String... more) {
        Map<String, String> settings = server.appSettings("xakia.invite.poll-ms", "50",
                "xakia.invite.retry-delay-ms", "100", "xakia.invite.retry-max-delay-ms", "200");
        settings.putAll(server.appSettings(more));
        return settings;
    }

    static List<String> provisionAndInviteAll(RunningApp app, TestLocation loc, String prefix, int count) {
        List<String> addresses = IntStream.range(0, count).mapToObj(i -> prefix + i + "@example.com").toList();
        for (String address : addresses) {
            assertThat(app.http.post(loc.users(), loc.key(), "{\"userName\": \"" + address + "\"}").status()).isEqualTo(201);
        }
        Response all = new Admin(app).post("/admin/api/locations/" + loc.id() + "/invitations", "{\"all\": \"provisioned\"}");
        assertThat(all.json().get("queued")).hasSize(count);
        return addresses;
    }

    static void assertEachReceivedExactlyOnce(Smtp server, List<String> addresses) {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.received().size() >= addresses.size());
        Set<String> seen = new HashSet<>();
        for (MimeMessage message : server.received()) {
            assertThat(Smtp.recipients(message)).hasSize(1);
            assertThat(seen.add(Smtp.recipients(message).get(0))).as("sent twice: " + Smtp.recipients(message)).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(addresses);
    }

    static long sent(RunningApp app) {
        return app.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("invitation-send").getExchangesCompleted();
    }

    @Test
    void two_instances_draining_one_outbox_never_send_an_invitation_twice() {
        try (Smtp server = new Smtp().start()) {
            RunningApp first = RunningApp.start(smtp(server));
            Databases databases = first.context().getRegistry().lookupByNameAndType("databases", Databases.class);
            // A second instance on the same PostgreSQL, the way a second replica runs.
            RunningApp second = RunningApp.start(smtp(server,
                    "xakia.db.url", databases.controlConnection().url(), "xakia.db.user", "postgres",
                    "xakia.db.password", databases.controlConnection().password(),
                    "xakia.admin-token", first.adminToken));
            try {
                TestLocation loc = new Admin(first).location("Shared outbox");
                List<String> addresses = provisionAndInviteAll(first, loc, "pair", 60);

                assertEachReceivedExactlyOnce(server, addresses);
                await().atMost(Duration.ofSeconds(10)).until(() -> sent(first) + sent(second) == 60);
                System.out.printf("two drainers: first sent %d, second sent %d%n", sent(first), sent(second));
                assertThat(new Admin(second).invitations(loc.id())).extracting(i -> i.get("status").asText())
                        .containsOnly("sent").hasSize(60);
            } finally {
                second.close();
                first.close();
            }
        }
    }

    @Test
    void invitations_queued_during_an_outage_survive_a_restart_and_go_out_once() {
        Path data = RunningApp.tempDir();
        Smtp server = new Smtp(); // not started yet: the SMTP server is down
        TestLocation loc;
        List<String> addresses;
        RunningApp before = RunningApp.start(data, smtp(server));
        try {
            loc = new Admin(before).location("Restart");
            addresses = provisionAndInviteAll(before, loc, "kept", 5);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(new Admin(before).invitations(loc.id()))
                    .allSatisfy(i -> assertThat(i.get("attempts").asInt()).isGreaterThanOrEqualTo(1)));
        } finally {
            before.close();
        }

        server.start();
        RunningApp after = RunningApp.start(data, smtp(server));
        try {
            assertEachReceivedExactlyOnce(server, addresses);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new Admin(after).invitations(loc.id()))
                    .extracting(i -> i.get("status").asText()).containsOnly("sent").hasSize(5));
        } finally {
            after.close();
            server.stop();
        }
    }
}
