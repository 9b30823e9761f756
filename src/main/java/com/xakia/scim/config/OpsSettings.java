package com.xakia.scim.config;

import java.nio.file.Path;

import org.apache.camel.CamelContext;

/**
 * The operational xakia.* settings (limits, TLS, SMTP reachability, log format), read once at start. The log
 * format is applied by log4j2.xml, which reads XAKIA_LOG_FORMAT itself before this is read; it is bound here
 * so that any other value than text or json stops start-up instead of silently giving text.
 */
public record OpsSettings(
        double rateLimitPerSecond,
        int rateLimitBurst,
        int maxConcurrentPerLocation,
        Path tlsKeystore,
        String tlsKeystorePassword,
        String smtpHost,
        int smtpPort,
        boolean healthLocationDetails,
        String logFormat) {

    public static OpsSettings from(CamelContext context) {
        Properties p = Properties.of(context);
        String keystore = p.text("xakia.tls.keystore");
        return new OpsSettings(
                p.decimal("xakia.scim.rate-limit-per-second"),
                p.integer("xakia.scim.rate-limit-burst"),
                p.integer("xakia.scim.max-concurrent-per-location"),
                keystore.isBlank() ? null : Path.of(keystore).toAbsolutePath(),
                p.text("xakia.tls.keystore-password"),
                p.text("xakia.smtp.readiness-host"),
                p.integer("xakia.smtp.port"),
                p.flag("xakia.health.location-details"),
                p.choice("xakia.log.format", "text", "json"));
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    @Override
    public String toString() { // never print the keystore password
        return "OpsSettings[rateLimitPerSecond=" + rateLimitPerSecond + ", burst=" + rateLimitBurst
                + ", tlsKeystore=" + tlsKeystore + ", smtpHost=" + smtpHost + ":" + smtpPort + ", logFormat=" + logFormat + "]";
    }
}
