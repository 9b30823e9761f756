package com.xakia.scim.ops;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** The operational xakia.* settings (limits, TLS, SMTP reachability), read once at start. */
public record OpsSettings(
        double rateLimitPerSecond,
        int rateLimitBurst,
        int maxConcurrentPerLocation,
        Path tlsKeystore,
        String tlsKeystorePassword,
        String smtpHost,
        int smtpPort,
        boolean healthLocationDetails) {

    public static OpsSettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        String keystore = value(p, "xakia.tls.keystore", "");
        return new OpsSettings(
                Double.parseDouble(value(p, "xakia.scim.rate-limit-per-second", "200")),
                Integer.parseInt(value(p, "xakia.scim.rate-limit-burst", "50")),
                Integer.parseInt(value(p, "xakia.scim.max-concurrent-per-location", "0")),
                keystore.isBlank() ? null : Path.of(keystore).toAbsolutePath(),
                value(p, "xakia.tls.keystore-password", ""),
                value(p, "xakia.smtp.readiness-host", ""),
                Integer.parseInt(value(p, "xakia.smtp.port", "25")),
                Boolean.parseBoolean(value(p, "xakia.health.location-details", "false")));
    }

    private static String value(PropertiesComponent p, String key, String fallback) {
        return p.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    @Override
    public String toString() { // never print the keystore password
        return "OpsSettings[rateLimitPerSecond=" + rateLimitPerSecond + ", burst=" + rateLimitBurst
                + ", tlsKeystore=" + tlsKeystore + ", smtpHost=" + smtpHost + ":" + smtpPort + "]";
    }
}
