package com.xakia.scim.invite;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.web.RequestIds;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invitee's side: GET shows the location and an Accept button, POST accepts. Browsers get a small HTML
 * page; a client that asks for JSON gets {"status", "message"}.
 */
public final class InvitationPages {

    private static final Logger LOG = LoggerFactory.getLogger(InvitationPages.class);

    private final InvitationLinks links;

    public InvitationPages(InvitationLinks links) {
        this.links = links;
    }

    public void show(Exchange exchange) throws SQLException {
        String token = exchange.getMessage().getHeader("token", String.class);
        InvitationLinks.Valid valid = links.check(token);
        Map<String, Object> page = page("Your invitation to Xakia", "Accept to start using Xakia. You will sign in "
                + "through your organisation's identity provider.", valid);
        page.put("acceptPath", "/invitations/" + token + "/accept");
        reply(exchange, 200, page);
    }

    public void accept(Exchange exchange) throws SQLException {
        InvitationLinks.Valid accepted = links.accept(exchange.getMessage().getHeader("token", String.class),
                RequestIds.of(exchange));
        reply(exchange, 200, page("Invitation accepted", "Welcome to Xakia. You can now sign in.", accepted));
    }

    /** The error answer of the invitation routes: 404 or 410 with what to do; anything else is a 500. */
    public void error(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (thrown instanceof InvitationRefused refused) {
            reply(exchange, refused.status(), page(refused.status() == 404 ? "Invitation not found"
                    : "Invitation no longer valid", refused.getMessage(), null));
        } else {
            LOG.error("Invitation request {} failed", RequestIds.of(exchange), thrown);
            reply(exchange, 500, page("Something went wrong", "The invitation could not be processed; please try again later.", null));
        }
    }

    private static Map<String, Object> page(String title, String message, InvitationLinks.Valid valid) {
        Map<String, Object> page = new HashMap<>();
        page.put("title", title);
        page.put("message", message);
        if (valid != null) {
            page.put("locationName", valid.location().name());
            page.put("greetingName", valid.givenName());
        }
        return page;
    }

    private static void reply(Exchange exchange, int status, Map<String, Object> page) {
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("status", status);
            body.put("message", (String) page.get("message"));
            HttpReply.send(exchange, status, "application/json", ScimJson.write(body), Map.of());
        } else {
            HttpReply.send(exchange, status, "text/html; charset=UTF-8",
                    Templates.render("invitations/page.html.mustache", page), Map.of("Cache-Control", "no-store"));
        }
    }
}
