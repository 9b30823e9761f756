package com.xakia.scim.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inviting, the email a real SMTP server receives, and the accept link, against the running app. */
class InvitationFlowTest {

    static final Smtp SMTP = new Smtp();
    static RunningApp app;
    static Http http;
    static Admin admin;
    static final Pattern LINK = Pattern.compile("(http://\\S+/invitations/([A-Za-z0-9._-]+))");

    @BeforeAll
    static void start() {
        SMTP.start();
        app = RunningApp.start(SMTP.appSettings(
                "xakia.mail.from", "Xakia <invitations@xakia.test>", "xakia.invite.poll-ms", "100"));
        http = app.http;
        admin = new Admin(app);
    }

    @AfterAll
    static void stop() {
        app.close();
        SMTP.stop();
    }

    static String provision(TestLocation loc, String email, String givenName) {
        Response created = http.post(loc.users(), loc.key(), """
                {"userName": "%s", "name": {"givenName": "%s", "familyName": "Doe"},
                 "emails": [{"value": "%s", "primary": true}], "active": true}
                """.formatted(email, givenName.replace("\"", "\\\""), email));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static MimeMessage awaitEmail(String address, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.receivedBy(address).size() >= count);
        List<MimeMessage> messages = SMTP.receivedBy(address);
        assertThat(messages).hasSize(count);
        return messages.get(count - 1);
    }

    record Parts(String text, String html) {}

    static Parts parts(MimeMessage message) throws Exception {
        String text = null;
        String html = null;
        Object content = message.getContent();
        assertThat(content).as("a multipart/alternative message").isInstanceOf(MimeMultipart.class);
        MimeMultipart multipart = (MimeMultipart) content;
        assertThat(multipart.getContentType()).startsWith("multipart/alternative");
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        assertThat(text).as("text/plain part").isNotNull();
        assertThat(html).as("text/html part").isNotNull();
        return new Parts(text, html);
    }

    static String link(MimeMessage message) throws Exception {
        Matcher m = LINK.matcher(parts(message).text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String path(String link) {
        return link.substring(link.indexOf("/invitations/"));
    }

    @Test
    void an_invited_user_gets_one_email_with_both_parts_escaped_names_and_a_link_that_works_once() throws Exception {
        TestLocation loc = admin.location("Smith & <b>Sons</b>");
        String userId = provision(loc, "hostile@example.com", "<script>alert(1)</script>");
        assertThat(admin.user(loc.id(), userId).get("status").asText()).isEqualTo("provisioned");

        long started = System.nanoTime();
        Response invited = admin.invite(loc.id(), userId, false);

        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        assertThat(invited.json().get("status").asText()).isEqualTo("queued");
        String invitationId = invited.json().get("invitationId").asText();
        assertThat(admin.user(loc.id(), userId).get("status").asText()).isEqualTo("invited");

        MimeMessage email = awaitEmail("hostile@example.com", 1);
        System.out.printf("invite → SMTP receipt: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(email.getFrom()[0].toString()).isEqualTo("Xakia <invitations@xakia.test>");
        assertThat(Smtp.recipients(email)).containsExactly("hostile@example.com");
        assertThat(email.getSubject()).isEqualTo("Your invitation to Xakia (Smith & <b>Sons</b>)");
        Parts parts = parts(email);
        String link = link(email);
        assertThat(link).startsWith(app.url("/invitations/" + loc.id() + "."));
        assertThat(parts.text()).contains("Hello <script>alert(1)</script>,").contains("join Smith & <b>Sons</b> on Xakia");
        assertThat(parts.html())
                .contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;,")
                .contains("<strong>Smith &amp; &lt;b&gt;Sons&lt;/b&gt;</strong>")
                .contains("href=\"" + link + "\"")
                .doesNotContain("<script>").doesNotContain("<b>Sons");
        assertThat(java.util.Collections.list(email.getAllHeaders())).as("the link is only in the body")
                .noneMatch(h -> h.getValue().contains(link));

        // SMTP's receipt comes before the sender records it: wait for the record, not only the email
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.invitation(loc.id(), invitationId).get("status").asText().equals("sent"));
        JsonNode sent = admin.invitation(loc.id(), invitationId);
        assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        assertThat(sent.get("expiresAt").asText()).isNotEmpty();
        assertThat(admin.user(loc.id(), userId).at("/invitation/status").asText()).isEqualTo("sent");
        assertThat(admin.invitations(loc.id()).toString()).doesNotContain(link.substring(link.lastIndexOf('.') + 1));

        Response page = http.get(path(link), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Smith &amp; &lt;b&gt;Sons&lt;/b&gt;").contains("&lt;script&gt;")
                .doesNotContain("<script>").contains("<button type=\"submit\">Accept the invitation</button>")
                .contains("action=\"" + path(link) + "/accept\"");

        Response accepted = http.send("POST", path(link) + "/accept", null, null, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.body()).contains("Invitation accepted");
        assertThat(admin.user(loc.id(), userId).get("status").asText()).isEqualTo("active");
        assertThat(admin.invitation(loc.id(), invitationId).get("status").asText()).isEqualTo("accepted");

        Response again = http.send("POST", path(link) + "/accept", null, null, null, "Accept", "application/json");
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.json().get("message").asText()).contains("already been accepted");
        assertThat(http.get(path(link), null).status()).isEqualTo(410);
        assertThat(admin.invite(loc.id(), userId, false).status()).isEqualTo(409);
    }

    @Test
    void native_linked_inactive_and_already_invited_users_are_refused_with_a_reason() {
        TestLocation loc = admin.location("Adelaide");
        String nativeId = admin.nativeUser(loc.id(), "native@example.com", "Nat", "Ive").get("id").asText();
        String linkedId = admin.nativeUser(loc.id(), "linked@example.com", "Lin", "Ked").get("id").asText();
        assertThat(http.put(loc.users() + "/" + linkedId, loc.key(), "{\"userName\": \"linked@example.com\","
                + " \"emails\": [{\"value\": \"linked@example.com\"}]}").status()).isEqualTo(200);
        String inactiveId = provision(loc, "gone@example.com", "Gone");
        assertThat(http.patch(loc.users() + "/" + inactiveId, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": false}}]}""").status()).isEqualTo(200);
        String invitedId = provision(loc, "twice@example.com", "Twice");
        assertThat(admin.invite(loc.id(), invitedId, false).status()).isEqualTo(202);

        for (String id : List.of(nativeId, linkedId)) {
            Response refused = admin.invite(loc.id(), id, false);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).contains("already a Xakia user: no invitation needed");
            assertThat(admin.invite(loc.id(), id, true).status()).isEqualTo(409);
        }
        Response inactive = admin.invite(loc.id(), inactiveId, false);
        assertThat(inactive.status()).isEqualTo(409);
        assertThat(inactive.json().get("error").asText()).contains("inactive");
        Response twice = admin.invite(loc.id(), invitedId, false);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("error").asText()).contains("already invited").contains("resend=true");
        assertThat(admin.invite(loc.id(), "00000000-0000-0000-0000-000000000000", false).status()).isEqualTo(404);
        assertThat(admin.invite(loc.id(), "not-a-uuid", false).status()).isEqualTo(404);
        assertThat(admin.invite("0123456789abcdef", invitedId, false).status()).isEqualTo(404);
        assertThat(http.send("POST", "/admin/api/locations/" + loc.id() + "/users/" + invitedId + "/invite",
                loc.key(), null, null).status()).as("a SCIM key is not the admin token").isEqualTo(401);

        assertThat(admin.user(loc.id(), nativeId).get("status").asText()).isEqualTo("active");
        assertThat(admin.user(loc.id(), inactiveId).get("status").asText()).isEqualTo("inactive");
        assertThat(admin.invitations(loc.id())).hasSize(1);
    }

    @Test
    void resending_replaces_the_link_and_the_old_one_is_refused() throws Exception {
        TestLocation loc = admin.location("Canberra");
        String userId = provision(loc, "resend@example.com", "Re");
        String first = admin.invite(loc.id(), userId, false).json().get("invitationId").asText();
        String firstLink = link(awaitEmail("resend@example.com", 1));

        Response resent = admin.invite(loc.id(), userId, true);
        assertThat(resent.status()).isEqualTo(202);
        String secondLink = link(awaitEmail("resend@example.com", 2));

        assertThat(secondLink).isNotEqualTo(firstLink);
        assertThat(admin.invitation(loc.id(), first).get("status").asText()).isEqualTo("superseded");
        Response old = http.send("POST", path(firstLink) + "/accept", null, null, null);
        assertThat(old.status()).isEqualTo(410);
        assertThat(old.body()).contains("replaced by a newer one");
        assertThat(http.send("POST", path(secondLink) + "/accept", null, null, null).status()).isEqualTo(200);
        assertThat(admin.user(loc.id(), userId).get("status").asText()).isEqualTo("active");
    }

    @Test
    void bulk_invites_queue_every_provisioned_user_and_say_why_others_were_skipped() {
        TestLocation loc = admin.location("Geelong");
        List<String> provisioned = List.of(provision(loc, "a@example.com", "A"), provision(loc, "b@example.com", "B"),
                provision(loc, "c@example.com", "C"));
        String nativeId = admin.nativeUser(loc.id(), "n@example.com", "N", "N").get("id").asText();

        Response some = admin.post("/admin/api/locations/" + loc.id() + "/invitations",
                "{\"userIds\": [\"" + provisioned.get(0) + "\", \"" + nativeId + "\", \"nope\"]}");
        assertThat(some.status()).isEqualTo(202);
        assertThat(some.json().get("queued")).hasSize(1);
        assertThat(some.json().get("skipped")).hasSize(2);
        assertThat(some.json().get("skipped").toString()).contains("already a Xakia user").contains("No user with id nope");

        Response all = admin.post("/admin/api/locations/" + loc.id() + "/invitations", "{\"all\": \"provisioned\"}");
        assertThat(all.status()).isEqualTo(202);
        assertThat(all.json().get("queued")).extracting(q -> q.get("userId").asText())
                .containsExactlyInAnyOrder(provisioned.get(1), provisioned.get(2));
        for (String address : List.of("a@example.com", "b@example.com", "c@example.com")) {
            awaitEmail(address, 1);
        }
        assertThat(SMTP.receivedBy("n@example.com")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.invitations(loc.id()))
                .extracting(i -> i.get("status").asText()).containsOnly("sent").hasSize(3));

        for (String body : new String[] {"{}", "{\"all\": \"everyone\"}", "{\"userIds\": \"x\"}", "["}) {
            assertThat(admin.post("/admin/api/locations/" + loc.id() + "/invitations", body).status()).as(body).isEqualTo(400);
        }
    }

    @Test
    void deactivating_cancels_the_invitation_and_reactivating_sends_nothing() throws Exception {
        TestLocation loc = admin.location("Darwin");
        String patched = provision(loc, "patched@example.com", "Pat");
        String deleted = provision(loc, "deleted@example.com", "Del");
        String patchedInvitation = admin.invite(loc.id(), patched, false).json().get("invitationId").asText();
        admin.invite(loc.id(), deleted, false);
        String link = link(awaitEmail("patched@example.com", 1));
        awaitEmail("deleted@example.com", 1);

        String inactive = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": %s}}]}""";
        assertThat(http.patch(loc.users() + "/" + patched, loc.key(), inactive.formatted("false")).status()).isEqualTo(200);
        assertThat(http.delete(loc.users() + "/" + deleted, loc.key()).status()).isEqualTo(204);

        assertThat(admin.invitation(loc.id(), patchedInvitation).get("status").asText()).isEqualTo("cancelled");
        assertThat(admin.invitations(loc.id())).extracting(i -> i.get("status").asText()).containsOnly("cancelled");
        assertThat(admin.user(loc.id(), patched).get("status").asText()).isEqualTo("inactive");
        Response refused = http.send("POST", path(link) + "/accept", null, null, null);
        assertThat(refused.status()).isEqualTo(410);
        assertThat(refused.body()).contains("cancelled");

        assertThat(http.patch(loc.users() + "/" + patched, loc.key(), inactive.formatted("true")).status()).isEqualTo(200);
        assertThat(admin.user(loc.id(), patched).get("status").asText()).isEqualTo("provisioned");
        // A later invitation to someone else arriving proves the drainer ran past the reactivation.
        String other = provision(loc, "later@example.com", "Later");
        admin.invite(loc.id(), other, false);
        awaitEmail("later@example.com", 1);
        assertThat(SMTP.receivedBy("patched@example.com")).hasSize(1);
        assertThat(admin.invite(loc.id(), patched, false).status()).as("can be invited again").isEqualTo(202);
    }

    @Test
    void unknown_and_malformed_links_are_404() {
        TestLocation loc = admin.location("Cairns");
        for (String token : new String[] {"nothing", loc.id() + ".not-a-real-token", "0123456789abcdef.x", "a.b.c"}) {
            Response page = http.get("/invitations/" + token, null);
            assertThat(page.status()).as(token).isEqualTo(404);
            assertThat(page.body()).contains("not valid");
            assertThat(http.send("POST", "/invitations/" + token + "/accept", null, null, null).status()).isEqualTo(404);
        }
    }
}
