package com.xakia.scim.config;

import java.nio.file.Path;

import org.apache.camel.CamelContext;

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
        int dbSocketTimeoutSeconds,
        String adminToken,
        int scimMaxResults,
        int bulkMaxOperations,
        int bulkMaxPayloadBytes) {

    public static Settings from(CamelContext context) {
        Properties p = Properties.of(context);
        int httpPort = p.integer("camel.server.port");
        String publicUrl = p.text("xakia.public-url");
        if (publicUrl.isBlank()) {
            boolean tls = !p.text("xakia.tls.keystore").isBlank();
            publicUrl = (tls ? "https" : "http") + "://localhost:" + httpPort;
        }
        Path dataDir = Path.of(p.text("xakia.data-dir")).toAbsolutePath().normalize();
        String binaries = p.text("xakia.embedded.binaries-dir");
        return new Settings(
                httpPort,
                p.integer("camel.management.port"),
                publicUrl.replaceAll("/+$", ""),
                dataDir,
                binaries.isBlank() ? dataDir : Path.of(binaries).toAbsolutePath().normalize(),
                p.text("xakia.db.url"),
                p.text("xakia.db.user"),
                p.text("xakia.db.password"),
                p.integer("xakia.db.max-connections"),
                p.integer("xakia.db.statement-timeout-ms"),
                p.integer("xakia.db.socket-timeout-seconds"),
                p.text("xakia.admin-token"),
                p.integer("xakia.scim.max-results"),
                p.integer("xakia.scim.bulk-max-operations"),
                p.integer("xakia.scim.bulk-max-payload-bytes"));
    }

    public boolean embeddedDatabase() {
        return dbUrl.isBlank();
    }

    public String scimBaseUri(String locationId) {
        return publicUrl + "/scim/v2/" + locationId;
    }

    /** The base URI of an organization: one identity-provider app for all of its locations (#16). */
    public String organizationScimBaseUri(String organizationId) {
        return publicUrl + "/scim/v2/organizations/" + organizationId;
    }

    @Override
    public String toString() { // never print the password or the admin token
        return "Settings[httpPort=" + httpPort + ", managementPort=" + managementPort + ", publicUrl=" + publicUrl
                + ", dataDir=" + dataDir + ", dbUrl=" + (embeddedDatabase() ? "(embedded)" : dbUrl) + "]";
    }
}
