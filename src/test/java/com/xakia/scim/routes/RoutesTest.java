package com.xakia.scim.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.xakia.scim.XakiaConfiguration;
import com.xakia.scim.support.RunningApp;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The routes under Camel Main's own test support (camel-test-main-junit5), with the real
 * application.properties: every route carries the id its YAML gives it, and a SCIM route works when
 * driven directly, without HTTP.
 */
class RoutesTest extends CamelMainTestSupport {

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(XakiaConfiguration.class);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("camel.server.port", String.valueOf(RunningApp.freePort()));
        p.put("camel.management.port", String.valueOf(RunningApp.freePort()));
        p.put("xakia.data-dir", RunningApp.tempDir().toString());
        p.put("xakia.admin-token", "routes-test-admin-token-4f9c2e7a1b3d5f80");
        return p;
    }

    @Test
    void every_route_in_routes_yaml_runs_under_its_explicit_id() throws IOException {
        List<String> declared = new ArrayList<>();
        Pattern id = Pattern.compile("^\\s+(?:- )?(?:id|routeId):\\s*([a-z0-9-]+)\\s*$", Pattern.MULTILINE);
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = id.matcher(Files.readString(file));
                while (m.find()) {
                    declared.add(m.group(1));
                }
            }
        }
        List<String> running = context.getRoutes().stream().map(Route::getRouteId).toList();
        assertThat(declared).as("every running route has the id its YAML declares, none a generated one")
                .containsAll(running);
        assertThat(running).contains("scim-users-create", "scim-groups-patch", "scim-bulk", "scim-org-search",
                "admin-locations-create", "invitation-send");
        // each REST verb's direct: route is inlined into it (camel.rest.inline-routes): one route per call
        assertThat(context.getRoute("scim-users-create").getEndpoint().getEndpointUri()).startsWith("rest://post:/scim/v2");
    }

    @Test
    void half_made_moves_are_swept_every_30_seconds() {
        Route sweep = context.getRoute("organization-moves-sweep");
        assertThat(sweep).isNotNull();
        assertThat(sweep.getEndpoint()).isInstanceOfSatisfying(TimerEndpoint.class,
                timer -> assertThat(timer.getPeriod()).isEqualTo(30_000));
        assertThat(context.getRouteController().getRouteStatus("organization-moves-sweep").isStarted()).isTrue();
    }

    @Test
    void application_properties_names_every_route_file() throws IOException {
        String properties = Files.readString(Path.of("application.properties"));
        try (var files = Files.list(Path.of("routes"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".camel.yaml")))
                    .as("camel.main.routes-include-pattern lists route files by name; a file missing there never loads")
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(properties).contains("classpath:routes/" + f));
        }
    }

    @Test
    void the_create_route_answers_201_when_driven_without_http() throws Exception {
        // The same routes with their HTTP consumer swapped for direct: (the REST verbs' routes are inlined).
        for (String route : List.of("admin-locations-create", "admin-scim-keys-create", "scim-users-create")) {
            AdviceWith.adviceWith(context, route, a -> a.replaceFromWith("direct:" + route));
        }
        // the admin routes' REST binding (inlined with them) reads and writes their JSON
        String locationId = json(template.request("direct:admin-locations-create", e -> {
            e.getMessage().setHeader("Authorization", "Bearer routes-test-admin-token-4f9c2e7a1b3d5f80");
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody("{\"name\": \"Direct\"}");
        })).get("id").asText();
        String key = json(template.request("direct:admin-scim-keys-create", e -> {
            e.getMessage().setHeader("Authorization", "Bearer routes-test-admin-token-4f9c2e7a1b3d5f80");
            e.getMessage().setHeader("locationId", locationId);
        })).get("apiKey").asText();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("scim-users-create").whenCompleted(1).create();

        Exchange result = template.request("direct:scim-users-create", e -> {
            e.getMessage().setHeader("location", locationId);
            e.getMessage().setHeader("Authorization", "Bearer " + key);
            e.getMessage().setBody("{\"userName\": \"direct@example.com\"}");
        });

        assertThat(done.matchesWaitTime()).isTrue();
        assertThat(result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(201);
        JsonNode user = json(result);
        assertThat(user.get("userName").asText()).isEqualTo("direct@example.com");
        assertThat(result.getMessage().getHeader("Location", String.class)).endsWith("/Users/" + user.get("id").asText());

        Exchange denied = template.request("direct:scim-users-create", e -> {
            e.getMessage().setHeader("location", locationId);
            e.getMessage().setBody("{\"userName\": \"nokey@example.com\"}");
        });
        assertThat(denied.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
    }

    private static JsonNode json(Exchange exchange) throws IOException {
        return new ObjectMapper().readTree(exchange.getMessage().getBody(String.class));
    }
}
