package com.xakia.scim.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP outages against a real SMTP server that requires authentication: retried with backoff, delivered
 * exactly once on recovery, failed after the last attempt, and resent by the admin.
 */
class InvitationDeliveryTest {

    static final Smtp SMTP = new Smtp("xakia-mailer", "s3cret-pass");
    static RunningApp app;
    static Admin admin;

    @BeforeAll
    static void start() {
        app = RunningApp.start(SMTP.appSettings(
                "xakia.smtp.username", "xakia-mailer",
                "xakia.smtp.password", "s3cret-pass",
                "xakia.invite.poll-ms", "100",
                "xakia.invite.retry-delay-ms", "100",
                "xakia.invite.retry-max-delay-ms", "400",
                "xakia.invite.max-attempts", "4"));
        admin = new Admin(app);
    }

    @AfterAll
    static void stop() {
        app.close();
        SMTP.stop();
    }

    @BeforeEach
    void smtpDown() {
        SMTP.stop();
    }

    static String provision(TestLocation loc, String email) {
        return app.http.post(loc.users(), loc.key(), "{\"userName\": \"" + email + "\", \"name\": {\"givenName\": \"G\"},"
                + " \"emails\": [{\"value\": \"" + email + "\"}]}").json().get("id").asText();
    }

    @Test
    void an_smtp_outage_is_retried_and_every_invitation_is_delivered_exactly_once() {
        TestLocation loc = admin.location("Outage");
        List<String> addresses = List.of("o1@example.com", "o2@example.com", "o3@example.com");
        List<String> ids = new ArrayList<>();
        for (String address : addresses) {
            ids.add(admin.invite(loc.id(), provision(loc, address), false).json().get("invitationId").asText());
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : ids) {
                JsonNode i = admin.invitation(loc.id(), id);
                assertThat(i.get("status").asText()).isEqualTo("retrying");
                assertThat(i.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(i.get("lastError").asText()).containsIgnoringCase("connect");
                assertThat(i.get("nextAttemptAt").asText()).isNotEmpty();
            }
        });
        assertThat(admin.user(loc.id(), admin.invitation(loc.id(), ids.get(0)).get("userId").asText())
                .at("/invitation/status").asText()).isEqualTo("retrying");

        SMTP.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.invitations(loc.id()))
                .extracting(i -> i.get("status").asText()).containsOnly("sent").hasSize(3));
        // Sent invitations have left the outbox, so nothing can send them again: one message each.
        for (String address : addresses) {
            assertThat(SMTP.receivedBy(address)).as(address).hasSize(1);
        }
        assertThat(SMTP.received()).hasSize(3);
        assertThat(admin.invitations(loc.id())).allSatisfy(i -> {
            assertThat(i.get("lastError").isNull()).isTrue();
            assertThat(i.get("nextAttemptAt").isNull()).isTrue();
        });
        assertThat(admin.invitations(loc.id()).toString()).doesNotContain("s3cret-pass");
    }

    @Test
    void after_the_last_attempt_the_invitation_is_failed_and_a_resend_delivers_it() {
        TestLocation loc = admin.location("Failing");
        String userId = provision(loc, "f@example.com");
        String first = admin.invite(loc.id(), userId, false).json().get("invitationId").asText();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode i = admin.invitation(loc.id(), first);
            assertThat(i.get("status").asText()).isEqualTo("failed");
            assertThat(i.get("attempts").asInt()).isEqualTo(4);
            assertThat(i.get("nextAttemptAt").isNull()).as("out of the outbox").isTrue();
        });
        JsonNode user = admin.user(loc.id(), userId);
        assertThat(user.get("status").asText()).isEqualTo("invited");
        assertThat(user.at("/invitation/status").asText()).isEqualTo("failed");
        assertThat(admin.invite(loc.id(), userId, false).status()).as("a plain invite is refused").isEqualTo(409);

        SMTP.start();
        String second = admin.invite(loc.id(), userId, true).json().get("invitationId").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.receivedBy("f@example.com").size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.invitation(loc.id(), second).get("status").asText().equals("sent"));
        assertThat(admin.invitation(loc.id(), first).get("status").asText()).isEqualTo("superseded");
        assertThat(admin.invitation(loc.id(), first).get("attempts").asInt()).isEqualTo(4);
    }

    @Test
    void an_email_changed_to_two_addresses_before_the_send_fails_the_invitation_and_sends_nothing() {
        TestLocation loc = admin.location("Two recipients");
        String userId = provision(loc, "carol@example.com");
        String invitationId = admin.invite(loc.id(), userId, false).json().get("invitationId").asText();
        // SMTP is down: the first attempt fails and waits for its retry, the invitation is still to be sent
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.invitation(loc.id(), invitationId).get("status").asText()).isEqualTo("retrying"));
        var changed = app.http.send("PATCH", loc.users() + "/" + userId, loc.key(), "{\"schemas\": "
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"replace\", \"path\":"
                + " \"emails\", \"value\": [{\"value\": \"carol@example.com, attacker@evil.example\", \"primary\": true}]}]}",
                "application/scim+json");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        SMTP.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.invitation(loc.id(), invitationId).get("status").asText()).isEqualTo("failed"));
        JsonNode failed = admin.invitation(loc.id(), invitationId);
        assertThat(failed.get("lastError").asText()).contains("not exactly one").doesNotContain("evil.example");
        assertThat(SMTP.receivedBy("attacker@evil.example")).isEmpty();
        assertThat(SMTP.receivedBy("carol@example.com")).isEmpty();
    }
}
