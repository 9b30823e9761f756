package com.xakia.scim.admin;

import org.apache.camel.Exchange;

/**
 * The second step of an admin route that reads a body, right after authentication: what the REST binding
 * made of the body. A request record goes on; a body the binding could not read is the caller's 400 now
 * (not before the admin token was checked); no body at all becomes null, for the operation to judge.
 */
public final class AdminBody {

    /** A body {@link AdminJson} could not read, and why in words for the caller. */
    public record Unreadable(String reason) {}

    public void bound(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Unreadable unreadable) {
            throw AdminError.badRequest(unreadable.reason());
        }
        if (!(body instanceof Record)) { // the binding leaves an empty body as it came (an empty buffer or string)
            exchange.getMessage().setBody(null);
        }
    }
}
