package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;

/**
 * GET /admin/api/openapi.json describes every admin call the running service has: the operations are read
 * from the CamelContext's rest definitions under /admin/api (what routes/*.camel.yaml declared), not from a
 * list kept here, so a call added to the YAML is checked here too.
 */
class AdminOpenApiTest {

    static final RunningApp APP = RunningApp.shared();

    /** One declared admin call: method, full path, route id, body type and response models from the REST DSL. */
    record Declared(String method, String path, VerbDefinition verb) {}

    static List<Declared> declaredAdminCalls() {
        List<Declared> calls = new ArrayList<>();
        for (RestDefinition rest : APP.context().getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                if (path.startsWith("/admin/api/")) {
                    calls.add(new Declared(verb.asVerb().toLowerCase(Locale.ROOT), path, verb));
                }
            }
        }
        return calls;
    }

    JsonNode document() {
        Response response = APP.http.get("/admin/api/openapi.json", APP.adminToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return response.json();
    }

    @Test
    void the_document_lists_every_admin_call_declared_in_the_routes_and_nothing_else() {
        JsonNode document = document();
        List<Declared> declared = declaredAdminCalls();
        // both admin rest blocks (admin-api and admin-invitations-api) are in the list
        assertThat(declared).extracting(Declared::path).contains("/admin/api/locations", "/admin/api/locations/{locationId}/invitations");

        assertThat(document.get("openapi").asText()).startsWith("3.");
        for (Declared call : declared) {
            JsonNode operation = document.path("paths").path(call.path()).path(call.method());
            assertThat(operation.isObject()).as(call.method() + " " + call.path()).isTrue();
            assertThat(operation.get("operationId").asText()).isEqualTo(call.verb().getId());
            assertThat(operation.at("/responses/default/content/application~1json/schema/$ref").asText())
                    .as("errors of " + call.path()).isEqualTo("#/components/schemas/ErrorBody");
        }
        List<String> documented = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method + " " + path.getKey())));
        assertThat(documented).as("no SCIM, admin page or invitation link operation")
                .containsExactlyInAnyOrderElementsOf(declared.stream().map(c -> c.method() + " " + c.path()).toList());
    }

    @Test
    void request_and_response_schemas_are_the_records_the_binding_uses() throws ClassNotFoundException {
        JsonNode document = document();
        JsonNode schemas = document.at("/components/schemas");
        int described = 0;
        for (Declared call : declaredAdminCalls()) {
            JsonNode operation = document.path("paths").path(call.path()).path(call.method());
            if (call.verb().getType() != null) {
                String ref = operation.at("/requestBody/content/application~1json/schema/$ref").asText();
                assertThat(ref).as("request body of " + call.path()).isNotEmpty();
                assertSchemaIsRecord(schemas, ref, call.verb().getType());
                described++;
            }
            for (ResponseMessageDefinition response : call.verb().getResponseMsgs()) {
                if (response.getResponseModel() != null) {
                    String ref = operation.at("/responses/" + response.getCode() + "/content/application~1json/schema/$ref").asText();
                    assertThat(ref).as(response.getCode() + " of " + call.path()).isNotEmpty();
                    assertSchemaIsRecord(schemas, ref, response.getResponseModel());
                    described++;
                }
            }
        }
        assertThat(described).as("bodies and answers described").isGreaterThanOrEqualTo(14);
        assertThat(fieldNames(schemas.at("/ErrorBody/properties"))).containsExactlyInAnyOrder("status", "error");
        assertThat(document.at("/components/securitySchemes/adminToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0/adminToken").isArray()).isTrue();
    }

    @Test
    void the_document_is_valid_openapi_and_every_reference_resolves() {
        JsonNode document = document();
        var parsed = new OpenAPIV3Parser().readContents(document.toString());
        assertThat(parsed.getMessages()).as("swagger-parser's validation").isEmpty();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref ->
                assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void the_document_takes_the_admin_token_like_every_admin_call() {
        Response anonymous = APP.http.get("/admin/api/openapi.json", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(fieldNames(anonymous.json())).containsExactly("status", "error");
    }

    private static void assertSchemaIsRecord(JsonNode schemas, String ref, String className) throws ClassNotFoundException {
        String name = ref.substring("#/components/schemas/".length());
        // a component's JSON name: its own, or the one @JsonProperty gives it ("default", a Java keyword)
        List<String> components = Arrays.stream(Class.forName(className).getRecordComponents())
                .map(c -> {
                    var renamed = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    return renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
                }).toList();
        assertThat(fieldNames(schemas.path(name).path("properties"))).as(name).containsExactlyInAnyOrderElementsOf(components);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
