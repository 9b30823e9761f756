package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulk (RFC 7644 3.7) and discovery (RFC 7644 4): what is advertised is what is enforced. */
class BulkAndDiscoveryTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    TestLocation loc;

    @BeforeEach
    void location() {
        loc = new Admin(APP).location("Bulk");
    }

    Response bulk(String body) {
        return http.post(loc.scimBase() + "/Bulk", loc.key(), body);
    }

    @Test
    void a_group_can_name_a_user_created_in_the_same_request() {
        Response response = http.send("POST", loc.scimBase() + "/Bulk", loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations": [
                   {"method": "POST", "path": "/Groups", "bulkId": "g1",
                    "data": {"displayName": "Bulk group", "members": [{"value": "bulkId:u1"}]}},
                   {"method": "POST", "path": "/Users", "bulkId": "u1", "data": {"userName": "bulk@example.com"}},
                   {"method": "PATCH", "path": "/Users/bulkId:u1",
                    "data": {"Operations": [{"op": "replace", "path": "title", "value": "Bulked"}]}}]}""",
                "application/scim+json", "X-Request-Id", "bulk-request-1");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode ops = response.json().get("Operations");
        assertThat(ops).extracting(o -> o.get("status").asText()).containsExactly("201", "201", "200");
        String userId = ops.get(1).get("location").asText().replaceAll(".*/", "");
        String groupLocation = ops.get(0).get("location").asText();
        JsonNode group = http.get(groupLocation, loc.key()).json();
        assertThat(group.at("/members/0/value").asText()).isEqualTo(userId);
        assertThat(http.get(loc.users() + "/" + userId, loc.key()).json().get("title").asText()).isEqualTo("Bulked");
        assertThat(ops.get(1).get("version").asText()).isEqualTo("W/\"1\"");
        // each operation wrote the audit row its single request writes, as the bulk request's caller
        JsonNode audit = http.get("/admin/api/locations/" + loc.id() + "/audit", APP.adminToken).json().get("entries");
        assertThat(audit).filteredOn(e -> e.get("operation").asText().startsWith("scim."))
                .extracting(e -> e.get("operation").asText() + " " + e.get("requestId").asText() + " "
                        + e.get("actor").asText().startsWith("scim-key:"))
                .containsExactly("scim.user.patch bulk-request-1 true", "scim.group.create bulk-request-1 true",
                        "scim.user.create bulk-request-1 true"); // newest first: the group waited for its member
    }

    @Test
    void failOnErrors_stops_after_that_many_errors() {
        Response response = bulk("""
                {"failOnErrors": 1, "Operations": [
                   {"method": "POST", "path": "/Users", "bulkId": "a", "data": {"userName": "same@example.com"}},
                   {"method": "POST", "path": "/Users", "bulkId": "b", "data": {"userName": "same@example.com"}},
                   {"method": "POST", "path": "/Users", "bulkId": "c", "data": {"userName": "never@example.com"}}]}""");

        JsonNode ops = response.json().get("Operations");
        assertThat(ops).hasSize(2);
        assertThat(ops.get(1).get("status").asText()).isEqualTo("409");
        assertThat(ops.get(1).at("/response/scimType").asText()).isEqualTo("uniqueness");
        assertThat(http.get(loc.users() + "?filter=" + Http.enc("userName eq \"never@example.com\""), loc.key())
                .json().get("totalResults").asInt()).isZero();
    }

    @Test
    void errors_in_one_operation_do_not_stop_the_others_without_failOnErrors() {
        JsonNode ops = bulk("""
                {"Operations": [
                   {"method": "POST", "path": "/Users", "bulkId": "bad", "data": {"displayName": "no userName"}},
                   {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"displayName": "G", "members": [{"value": "bulkId:bad"}]}},
                   {"method": "DELETE", "path": "/Users/00000000-0000-0000-0000-000000000000"},
                   {"method": "POST", "path": "/Users", "bulkId": "ok", "data": {"userName": "ok@example.com"}}]}""")
                .json().get("Operations");
        assertThat(ops).extracting(o -> o.get("status").asText()).containsExactly("400", "409", "404", "201");
    }

    @Test
    void a_chain_of_1000_operations_in_reverse_order_costs_about_what_it_costs_in_order() {
        // Operation i refers to the user of operation i-1 (in order) or i+1 (reverse: each waits for the next).
        // The best of two rounds each, after one to warm up: other processes on the machine only ever add time.
        timedChain("warm", i -> i - 1);
        long inOrder = Long.MAX_VALUE;
        long reversed = Long.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            inOrder = Math.min(inOrder, timedChain("fwd" + round + "-", i -> i - 1));
            reversed = Math.min(reversed, timedChain("rev" + round + "-", i -> i + 1));
        }
        assertThat((double) reversed).as("reverse %d ms vs in order %d ms", reversed, inOrder).isLessThan(2.0 * inOrder);
    }

    /** What Okta sends of a user besides its names: the size of the data each operation carries. */
    private static final String PROFILE = """
            "name": {"givenName": "Chain", "familyName": "Link", "formatted": "Chain Link"}, "displayName": "Chain Link",
            "title": "Associate", "active": true, "phoneNumbers": [{"value": "+61 2 9999 0000", "type": "work"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Legal", "costCenter": "42",
                "organization": "Xakia", "division": "APAC", "manager": {"value": "boss", "displayName": "The Boss"}}\
            """;

    private long timedChain(String prefix, java.util.function.IntUnaryOperator refersTo) {
        int n = 1000;
        TestLocation chain = new Admin(APP).location("Chain " + prefix);
        String operations = IntStream.range(0, n).mapToObj(i -> {
            int other = refersTo.applyAsInt(i);
            String externalId = other >= 0 && other < n ? "bulkId:" + prefix + other : "none";
            String userName = prefix + i + "@chain.example";
            return "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"" + prefix + i + "\", \"data\": "
                    + "{\"userName\": \"" + userName + "\", \"externalId\": \"" + externalId + "\", " + PROFILE
                    + ", \"emails\": [{\"value\": \"" + userName + "\", \"type\": \"work\", \"primary\": true}]}}";
        }).collect(Collectors.joining(",", "{\"Operations\": [", "]}"));
        long started = System.nanoTime();
        Response response = http.post(chain.scimBase() + "/Bulk", chain.key(), operations);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode ops = response.json().get("Operations");
        // a reference that had not been resolved when its operation ran would be a 409
        assertThat(ops).hasSize(n).allSatisfy(op -> assertThat(op.get("status").asText()).isEqualTo("201"));
        return millis;
    }

    @Test
    void limits_are_advertised_and_enforced_with_413() {
        JsonNode config = http.get(loc.scimBase() + "/ServiceProviderConfig", loc.key()).json();
        int maxOperations = config.at("/bulk/maxOperations").asInt();
        int maxPayload = config.at("/bulk/maxPayloadSize").asInt();
        assertThat(config.at("/bulk/supported").asBoolean()).isTrue();
        assertThat(maxOperations).isEqualTo(1000);

        String tooMany = IntStream.rangeClosed(0, maxOperations)
                .mapToObj(i -> "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"b" + i + "\", \"data\": {\"userName\": \"u" + i + "@x.example\"}}")
                .collect(Collectors.joining(",", "{\"Operations\": [", "]}"));
        assertThat(tooMany.length()).isLessThan(maxPayload);
        Response rejected = bulk(tooMany);
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.json().get("status").asText()).isEqualTo("413");

        String padding = "x".repeat(maxPayload);
        Response tooLarge = bulk("{\"Operations\": [], \"padding\": \"" + padding + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(http.get(loc.users() + "?count=0", loc.key()).json().get("totalResults").asInt()).isZero();
    }

    @Test
    void service_provider_config_describes_what_is_supported() {
        JsonNode config = http.get(loc.scimBase() + "/ServiceProviderConfig", loc.key()).json();
        assertThat(config.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(config.at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.at("/sort/supported").asBoolean()).isTrue();
        assertThat(config.at("/etag/supported").asBoolean()).isTrue();
        assertThat(config.at("/changePassword/supported").asBoolean()).isFalse();
        assertThat(config.at("/pagination/cursor").asBoolean()).isTrue();
        assertThat(config.at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");
        assertThat(config.at("/meta/location").asText()).endsWith(loc.scimBase() + "/ServiceProviderConfig");
        assertThat(http.get(loc.scimBase() + "/ServiceProviderConfig", null).status()).isEqualTo(401);
    }

    @Test
    void resource_types_and_schemas() {
        JsonNode types = http.get(loc.scimBase() + "/ResourceTypes", loc.key()).json();
        assertThat(types.get("Resources")).extracting(t -> t.get("endpoint").asText()).containsExactly("/Users", "/Groups");
        assertThat(types.at("/Resources/0/schemaExtensions/0/schema").asText())
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(http.get(loc.scimBase() + "/ResourceTypes/Group", loc.key()).json().get("schema").asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(http.get(loc.scimBase() + "/ResourceTypes/Device", loc.key()).status()).isEqualTo(404);

        JsonNode schemas = http.get(loc.scimBase() + "/Schemas", loc.key()).json();
        assertThat(schemas.get("Resources")).extracting(s -> s.get("id").asText()).containsExactly(
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "urn:ietf:params:scim:schemas:core:2.0:Group",
                "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
                "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
                "urn:ietf:params:scim:schemas:core:2.0:Schema");
        JsonNode user = http.get(loc.scimBase() + "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", loc.key()).json();
        assertThat(user.get("description").asText()).isEqualTo("User Account");
        assertThat(user.get("attributes")).anySatisfy(a -> {
            assertThat(a.get("name").asText()).isEqualTo("userName");
            assertThat(a.get("uniqueness").asText()).isEqualTo("server");
            assertThat(a.get("caseExact").asBoolean()).isFalse();
        });
        assertThat(user.get("attributes")).anySatisfy(a -> {
            assertThat(a.get("name").asText()).isEqualTo("password");
            assertThat(a.get("returned").asText()).isEqualTo("never");
        });
        assertThat(http.get(loc.scimBase() + "/Schemas/urn:nope", loc.key()).status()).isEqualTo(404);
    }
}
