package com.xakia.scim.invite;

import java.time.Duration;

import com.xakia.scim.config.Properties;
import org.apache.camel.CamelContext;

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
        Properties p = Properties.of(context);
        return new InvitationSettings(
                p.text("xakia.smtp.host"),
                p.integer("xakia.smtp.port"),
                p.text("xakia.smtp.username"),
                p.raw("xakia.smtp.password"),
                p.flag("xakia.smtp.starttls"),
                p.integer("xakia.smtp.timeout-ms"),
                p.text("xakia.mail.from"),
                p.duration("xakia.invite.ttl"),
                p.number("xakia.invite.retry-delay-ms"),
                p.number("xakia.invite.retry-max-delay-ms"),
                p.integer("xakia.invite.max-attempts"));
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
