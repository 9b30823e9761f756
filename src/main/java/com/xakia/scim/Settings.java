package com.xakia.scim;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** The xakia.* settings of application.properties, read once at start. */
public record Settings(
        int httpPort,
        int managementPort,
        String publicUrl,
        Path dataDir,
        Path embeddedBinariesDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbMaxConnections,
        int dbStatementTimeoutMs,
        String adminToken,
        int scimMaxResults,
        int bulkMaxOperations,
        int bulkMaxPayloadBytes) {

    public static Settings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        int httpPort = Integer.parseInt(value(p, "camel.server.port", "8080"));
        String publicUrl = value(p, "xakia.public-url", "");
        if (publicUrl.isBlank()) {
            boolean tls = !value(p, "xakia.tls.keystore", "").isBlank();
            publicUrl = (tls ? "https" : "http") + "://localhost:" + httpPort;
        }
        Path dataDir = Path.of(value(p, "xakia.data-dir", "./data")).toAbsolutePath().normalize();
        String binaries = value(p, "xakia.embedded.binaries-dir", "");
        return new Settings(
                httpPort,
                Integer.parseInt(value(p, "camel.management.port", "9876")),
                publicUrl.replaceAll("/+$", ""),
                dataDir,
                binaries.isBlank() ? dataDir : Path.of(binaries).toAbsolutePath().normalize(),
                value(p, "xakia.db.url", ""),
                value(p, "xakia.db.user", ""),
                value(p, "xakia.db.password", ""),
                Integer.parseInt(value(p, "xakia.db.max-connections", "64")),
                Integer.parseInt(value(p, "xakia.db.statement-timeout-ms", "5000")),
                value(p, "xakia.admin-token", ""),
                Integer.parseInt(value(p, "xakia.scim.max-results", "1000")),
                Integer.parseInt(value(p, "xakia.scim.bulk-max-operations", "1000")),
                Integer.parseInt(value(p, "xakia.scim.bulk-max-payload-bytes", "1048576")));
    }

    private static String value(PropertiesComponent p, String key, String fallback) {
        return p.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    public boolean embeddedDatabase() {
        return dbUrl.isBlank();
    }

    public String scimBaseUri(String locationId) {
        return publicUrl + "/scim/v2/" + locationId;
    }

    @Override
    public String toString() { // never print the password or the admin token
        return "Settings[httpPort=" + httpPort + ", managementPort=" + managementPort + ", publicUrl=" + publicUrl
                + ", dataDir=" + dataDir + ", dbUrl=" + (embeddedDatabase() ? "(embedded)" : dbUrl) + "]";
    }
}
