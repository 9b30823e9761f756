package com.xakia.scim.invite;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;

/**
 * Configures Camel's smtp component from the settings, so the route names only host and port and the
 * password never appears in an endpoint URI (which JMX and the logs show).
 */
public final class MailServer {

    private MailServer() {}

    public static void configure(CamelContext context, InvitationSettings settings) {
        MailConfiguration mail = context.getComponent("smtp", MailComponent.class).getConfiguration();
        // JavaMail waits forever by default; Camel applies this to both connecting and reading.
        mail.setConnectionTimeout(settings.smtpTimeoutMs());
        if (!settings.smtpUsername().isBlank()) { // with no user, no AUTH is attempted
            mail.setUsername(settings.smtpUsername());
            mail.setPassword(settings.smtpPassword());
            // setUsername also makes username@host a default recipient; we always name the recipient.
            mail.getRecipients().clear();
        }
        Properties extra = new Properties();
        extra.put("mail.smtp.writetimeout", String.valueOf(settings.smtpTimeoutMs()));
        extra.put("mail.smtp.starttls.enable", String.valueOf(settings.smtpStartTls()));
        extra.put("mail.smtp.starttls.required", String.valueOf(settings.smtpStartTls()));
        mail.setAdditionalJavaMailProperties(extra);
        mail.setContentType("text/html; charset=UTF-8");
    }
}
