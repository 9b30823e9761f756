package com.xakia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** The data directory is the state: a restart keeps locations, keys, users and the admin token. */
class RestartTest {

    @Test
    void a_restart_keeps_every_user_key_and_the_generated_admin_token() throws Exception {
        Path data = RunningApp.tempDir();
        Map<String, String> noToken = Map.of("xakia.admin-token", "");

        String printed;
        RunningApp first;
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            first = RunningApp.start(data, noToken);
        } finally {
            System.setOut(console);
        }
        printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("xakia-scim ready: SCIM at http://127.0.0.1:" + first.port + "/scim/v2/<locationId>");
        Matcher token = Pattern.compile("Generated admin token \\(shown once; only its hash is kept\\): (\\S+)").matcher(printed);
        assertThat(token.find()).as(printed).isTrue();
        String adminToken = token.group(1);

        TestLocation loc;
        String userId;
        try {
            assertThat(first.http.get("/admin/api/locations", adminToken).status()).isEqualTo(200);
            Admin admin = new Admin(first, adminToken);
            loc = admin.location("Brisbane");
            userId = first.http.post(loc.users(), loc.key(), "{\"userName\": \"kept@example.com\"}").json().get("id").asText();
        } finally {
            first.close();
        }

        captured.reset();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        RunningApp second;
        try {
            second = RunningApp.start(data, noToken);
        } finally {
            System.setOut(console);
        }
        try {
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Generated admin token");
            assertThat(second.http.get("/admin/api/locations", adminToken).status()).isEqualTo(200);
            assertThat(second.http.get(loc.users() + "/" + userId, loc.key()).json().get("userName").asText())
                    .isEqualTo("kept@example.com");
        } finally {
            second.close();
        }
    }
}
