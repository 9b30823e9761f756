package com.xakia.scim.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

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

    @Override
    public void close() throws IOException {
        server.close();
    }
}
