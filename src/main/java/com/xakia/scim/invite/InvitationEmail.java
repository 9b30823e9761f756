package com.xakia.scim.invite;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import com.xakia.scim.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mail.MailConstants;

/**
 * Turns a claimed invitation into the message camel-mail sends: To, From and Subject headers, the HTML
 * body and its plain-text alternative, both carrying the accept link.
 */
public final class InvitationEmail {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final Settings settings;
    private final InvitationSettings invitations;

    public InvitationEmail(Settings settings, InvitationSettings invitations) {
        this.settings = settings;
        this.invitations = invitations;
    }

    public void render(Exchange exchange) {
        ClaimedInvitation claim = exchange.getProperty(InvitationOutbox.CLAIM, ClaimedInvitation.class);
        String to = Recipient.single(claim.email);
        Map<String, String> model = Map.of(
                "greetingName", claim.givenName == null || claim.givenName.isBlank() ? "there" : claim.givenName,
                "locationName", claim.location.name(),
                "link", settings.publicUrl() + "/invitations/" + claim.token,
                "expiresOn", DATE.format(LocalDate.now(ZoneOffset.UTC).plusDays(invitations.linkTtl().toDays())));
        Message message = exchange.getMessage();
        message.removeHeaders("*"); // camel-mail turns headers into mail headers: only these go out
        message.setHeader("To", to);
        message.setHeader("From", invitations.mailFrom());
        message.setHeader("Subject", "Your invitation to Xakia (" + oneLine(claim.location.name()) + ")");
        message.setHeader(MailConstants.MAIL_ALTERNATIVE_BODY, Templates.render("mail/invitation.txt.mustache", model));
        message.setBody(Templates.render("mail/invitation.html.mustache", model));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
