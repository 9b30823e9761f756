package com.xakia.scim.invite;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** The xakia.smtp.*, xakia.mail.* and xakia.invite.* settings of application.properties, read once at start. */
public record InvitationSettings(
        String smtpHost,
        int smtpPort,
        String smtpUsername,
        String smtpPassword,
        boolean smtpStartTls,
        int smtpTimeoutMs,
        String mailFrom,
        Duration linkTtl,
        long retryDelayMs,
        long retryMaxDelayMs,
        int maxAttempts) {

    public static InvitationSettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        return new InvitationSettings(
                value(p, "xakia.smtp.host", "localhost"),
                Integer.parseInt(value(p, "xakia.smtp.port", "25")),
                value(p, "xakia.smtp.username", ""),
                p.resolveProperty("xakia.smtp.password").orElse(""),
                Boolean.parseBoolean(value(p, "xakia.smtp.starttls", "false")),
                Integer.parseInt(value(p, "xakia.smtp.timeout-ms", "10000")),
                value(p, "xakia.mail.from", "Xakia <no-reply@localhost>"),
                Duration.parse(value(p, "xakia.invite.ttl", "P14D")),
                Long.parseLong(value(p, "xakia.invite.retry-delay-ms", "30000")),
                Long.parseLong(value(p, "xakia.invite.retry-max-delay-ms", "3600000")),
                Integer.parseInt(value(p, "xakia.invite.max-attempts", "12")));
    }

    private static String value(PropertiesComponent p, String key, String fallback) {
        return p.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    /**
     * How long to wait before attempt {@code attemptsSoFar + 1}: the base delay doubled per failed attempt,
     * capped, so an outage of hours costs a handful of connection attempts rather than thousands.
     */
    public long retryDelayAfter(int attemptsSoFar) {
        int doublings = Math.min(Math.max(attemptsSoFar - 1, 0), 40);
        double delay = retryDelayMs * Math.pow(2, doublings);
        return (long) Math.min(delay, retryMaxDelayMs);
    }

    @Override
    public String toString() { // never print the SMTP password
        return "InvitationSettings[smtp=" + smtpHost + ":" + smtpPort + ", user=" + smtpUsername + ", starttls="
                + smtpStartTls + ", from=" + mailFrom + ", ttl=" + linkTtl + "]";
    }
}
