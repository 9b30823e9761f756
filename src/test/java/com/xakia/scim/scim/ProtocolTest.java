package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * What clients and conformance suites trip on: endpoint names in another case, paths and methods no endpoint
 * takes, ListResponses of every size.
 */
class ProtocolTest {

    static final RunningApp APP = RunningApp.shared();
    static final Http HTTP = APP.http;

    @Test
    void an_empty_list_is_a_whole_list_response() {
        TestLocation empty = new Admin(APP).location("Empty");
        for (String query : new String[] {"", "?count=0", "?startIndex=5&count=10"}) {
            Response list = HTTP.get(empty.users() + query, empty.key());
            assertThat(list.status()).as(query).isEqualTo(200);
            JsonNode body = list.json();
            assertThat(body.get("totalResults").asInt()).as(query).isZero();
            assertThat(body.get("itemsPerPage").asInt()).as(query).isZero();
            assertThat(body.get("startIndex").asInt()).as(query).isEqualTo(query.contains("startIndex=5") ? 5 : 1);
            assertThat(body.get("Resources")).as(query).isEmpty();
        }
        JsonNode groups = HTTP.get(empty.scimBase() + "/Groups?count=0", empty.key()).json();
        assertThat(groups.get("itemsPerPage").asInt()).isZero();
        assertThat(groups.get("startIndex").asInt()).isEqualTo(1);
    }

    @Test
    void endpoint_names_are_matched_in_any_case() {
        TestLocation loc = new Admin(APP).location("Any case");
        String base = loc.scimBase();
        Response created = HTTP.post(base + "/users", loc.key(), "{\"userName\": \"case@example.com\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        // the resource's own URIs keep RFC 7644's spelling, whatever the request's
        assertThat(created.header("Location")).endsWith(base + "/Users/" + id);

        assertThat(HTTP.get(base + "/USERS/" + id, loc.key()).json().get("userName").asText()).isEqualTo("case@example.com");
        // ids are caseExact: only the endpoint's name is matched loosely
        assertThat(HTTP.get(base + "/users/" + id.toUpperCase(Locale.ROOT), loc.key()).status()).isEqualTo(404);
        assertThat(HTTP.get(base + "/users", loc.key()).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(HTTP.post(base + "/users/.SEARCH", loc.key(), "{}").json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(HTTP.post(base + "/.Search", loc.key(), "{}").json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(HTTP.get(base + "/groups", loc.key()).status()).isEqualTo(200);
        assertThat(HTTP.get(base + "/serviceproviderconfig", loc.key()).json().at("/patch/supported").asBoolean()).isTrue();
        assertThat(HTTP.get(base + "/resourcetypes/User", loc.key()).json().get("name").asText()).isEqualTo("User");
        assertThat(HTTP.get(base + "/SCHEMAS", loc.key()).json().get("totalResults").asInt()).isPositive();
        assertThat(HTTP.post(base + "/bulk", loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "DELETE", "path": "/users/%s"}]}""".formatted(id)).json().at("/Operations/0/status").asText())
                .isEqualTo("204");
        assertThat(HTTP.get(base + "/users/" + id, loc.key()).status()).isEqualTo(404); // deleted by the bulk
    }

    @Test
    void every_answer_under_scim_v2_is_scim_json_unknown_paths_included() {
        TestLocation loc = new Admin(APP).location("Unknown paths");
        for (String path : new String[] {loc.scimBase() + "/Nothing", loc.scimBase() + "/serviceConfiguration",
                loc.scimBase() + "/Users/some-id/more", "/scim/v2/no-such-location/Whatever", "/scim/v2/", "/scim/v2"}) {
            for (String key : new String[] {loc.key(), null}) {
                Response answer = HTTP.get(path, key);
                assertScimError(answer, 404, path);
                assertThat(answer.json().get("detail").asText()).as(path).contains("/Users");
            }
        }
        Response post = HTTP.post(loc.scimBase() + "/Nothing", loc.key(), "{}");
        assertScimError(post, 404, "POST /Nothing");
        // outside /scim/v2 nothing changes
        assertThat(HTTP.get("/nothing-here", null).header("Content-Type")).doesNotContain("scim");
    }

    @Test
    void a_method_the_endpoint_does_not_take_is_a_scim_405_naming_those_it_does() {
        TestLocation loc = new Admin(APP).location("Wrong methods");
        Response deleteAll = HTTP.delete(loc.users(), loc.key());
        assertScimError(deleteAll, 405, "DELETE /Users");
        assertThat(deleteAll.header("Allow")).isEqualTo("GET, POST");
        assertThat(deleteAll.json().get("detail").asText()).contains("DELETE", "GET, POST");

        Response putConfig = HTTP.put(loc.scimBase() + "/serviceproviderconfig", loc.key(), "{}");
        assertScimError(putConfig, 405, "PUT /ServiceProviderConfig");
        assertThat(putConfig.header("Allow")).isEqualTo("GET");

        Response postUser = HTTP.post(loc.users() + "/some-id", null, "{}");
        assertScimError(postUser, 405, "POST /Users/{id}");
        assertThat(postUser.header("Allow")).isEqualTo("DELETE, GET, PATCH, PUT");
        assertThat(HTTP.get(loc.users(), loc.key()).json().get("totalResults").asInt()).isZero();
    }

    private static void assertScimError(Response answer, int status, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(what).startsWith("application/scim+json");
        JsonNode body = answer.json();
        assertThat(body.get("schemas")).as(what).containsExactly(
                TextNode.valueOf("urn:ietf:params:scim:api:messages:2.0:Error"));
        assertThat(body.get("status").asText()).as(what).isEqualTo(String.valueOf(status));
    }
}
