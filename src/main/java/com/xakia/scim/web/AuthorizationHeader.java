package com.xakia.scim.web;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The credential a request presents: its HTTP {@code Authorization} header and nothing else.
 *
 * <p>platform-http copies query parameters and form fields into the message headers, so the message
 * header named Authorization may come from {@code ?Authorization=Bearer…} (which ends up in proxy logs and
 * browser history) or from a form field. For a request from the wire the header is therefore read from
 * the Vert.x request itself. An exchange made in-process (a Bulk operation, a route test) carries the
 * header its maker set.
 */
public final class AuthorizationHeader {

    public static final String NAME = "Authorization";

    private AuthorizationHeader() {}

    public static String of(Exchange exchange) {
        Message message = exchange.getMessage();
        if (message instanceof HttpMessage http) {
            return http.getRequest().getHeader(NAME);
        }
        if (message.getHeader(Exchange.HTTP_METHOD) != null) {
            return null; // from the wire, but the request is no longer at hand: nothing is trusted
        }
        return message.getHeader(NAME, String.class);
    }
}
