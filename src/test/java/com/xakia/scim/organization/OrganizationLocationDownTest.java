package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * A location of an organization on a PostgreSQL server of its own, which the test stops: every call that needs
 * that location answers 503 with Retry-After (never a list without its users), and the calls that do not need
 * it still answer.
 */
class OrganizationLocationDownTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void a_location_whose_database_is_down_makes_the_calls_that_need_it_503_and_no_other() throws Exception {
        String base;
        String key;
        String inSydney;
        String inLondon;
        try (OrganizationOnTwoServers spread = OrganizationOnTwoServers.start(APP, "Fragile")) {
            base = spread.base();
            key = spread.key();
            inSydney = created(base, key, "syd@fragile.example", "Sydney");
            inLondon = created(base, key, "lon@fragile.example", "London");
            assertThat(list(base, key, "title eq \"Counsel\"").status()).isEqualTo(200);
        } // London's server stops here

        // every call that needs London: 503, Retry-After, a SCIM error; never the list without London's users
        List<Response> needLondon = List.of(
                list(base, key, "title eq \"Counsel\""),
                http.get(base + "/Users?sortBy=userName", key),
                http.get(base + "/Users?cursor=&count=1", key),
                http.get(base + "/Users?count=0&filter=" + enc("active eq true"), key),
                http.post(base + "/Users/.search", key, "{\"filter\": \"userName sw \\\"syd\\\"\"}"),
                http.get(base + "/Users?startIndex=1&count=10", key), // an import page holding London's user
                http.get(base + "/Users/" + inLondon, key),
                list(base, key, "userName eq \"lon@fragile.example\""));
        for (Response refused : needLondon) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        }

        // what needs Sydney alone still answers
        Response byId = http.get(base + "/Users/" + inSydney, key);
        assertThat(byId.status()).as(byId.toString()).isEqualTo(200);
        Response byName = list(base, key, "userName eq \"syd@fragile.example\"");
        assertThat(byName.status()).as(byName.toString()).isEqualTo(200);
        assertThat(byName.json().at("/Resources/0/id").asText()).isEqualTo(inSydney);
        assertThat(created(base, key, "new@fragile.example", "Sydney")).isNotBlank();
    }

    private String created(String base, String key, String userName, String office) {
        Response created = http.post(base + "/Users", key, OrganizationsTest.user(userName, office));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private Response list(String base, String key, String filter) {
        return http.get(base + "/Users?filter=" + enc(filter), key);
    }
}
