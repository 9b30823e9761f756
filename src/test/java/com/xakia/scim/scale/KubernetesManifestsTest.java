package com.xakia.scim.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The manifests under deploy/kubernetes hold together with the application they deploy. */
@Tag("unit")
class KubernetesManifestsTest {

    static final Path DIR = Path.of("deploy", "kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode read(String file) throws IOException {
        return YAML.readTree(DIR.resolve(file).toFile());
    }

    @Test
    void kustomization_names_every_manifest_and_each_parses() throws IOException {
        List<String> listed = new ArrayList<>();
        read("kustomization.yaml").get("resources").forEach(r -> listed.add(r.asText()));
        try (var files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
        for (String file : listed) {
            assertThat(read(file).get("kind").asText()).as(file).isNotBlank();
        }
    }

    @Test
    void the_deployment_probes_the_management_port_runs_as_non_root_and_takes_secrets_from_a_secret() throws IOException {
        JsonNode pod = read("deployment.yaml").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/observe/health");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/observe/health/live");
        assertThat(read("configmap.yaml").at("/data/XAKIA_MANAGEMENT_HOST").asText())
                .as("the kubelet probes the pod's address; the port defaults to loopback").isEqualTo("0.0.0.0");
        assertThat(read("service.yaml").at("/spec/ports").findValuesAsText("targetPort"))
                .as("the Service does not expose the management port").containsExactly("http");
        assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
        List<String> fromSecret = new ArrayList<>();
        container.get("env").forEach(e -> {
            if (e.at("/valueFrom/secretKeyRef/name").asText().equals("xakia-scim")) {
                fromSecret.add(e.get("name").asText());
            }
        });
        assertThat(fromSecret).contains("XAKIA_DB_PASSWORD", "XAKIA_ADMIN_TOKEN", "XAKIA_SMTP_PASSWORD");
        assertThat(read("configmap.yaml").get("data").toString()).doesNotContainIgnoringCase("password");
    }

    @Test
    void every_variable_the_manifests_set_is_one_the_application_reads() throws IOException {
        String properties = Files.readString(Path.of("application.properties"));
        List<String> read = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\\{env:([A-Z_]+):").matcher(properties);
        while (m.find()) {
            read.add(m.group(1));
        }
        List<String> set = new ArrayList<>();
        read("configmap.yaml").get("data").fieldNames().forEachRemaining(set::add);
        read("deployment.yaml").at("/spec/template/spec/containers/0/env").forEach(e -> set.add(e.get("name").asText()));
        assertThat(read).containsAll(set);
    }

    @Test
    void the_connection_budget_fits_a_default_postgresql() throws IOException {
        int perInstance = read("configmap.yaml").at("/data/XAKIA_DB_MAX_CONNECTIONS").asInt();
        int maxReplicas = read("horizontalpodautoscaler.yaml").at("/spec/maxReplicas").asInt();
        assertThat(perInstance * maxReplicas).isLessThanOrEqualTo(100 - 3); // max_connections minus superuser slots
    }
}
