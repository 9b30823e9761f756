package com.xakia.scim.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The headers every answer of the public port carries, set on the Vert.x response before Camel sees the
 * request, so no route can forget them and Camel's header filter (which drops a route's own
 * Cache-Control) cannot remove them.
 *
 * <ul>
 *   <li>{@code Cache-Control: no-store}: SCIM and admin answers hold personal data, a new SCIM key or an
 *       invitation page reached through its secret link; none of it belongs in a browser or proxy cache.</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: JSON and text are never run as script or style.</li>
 *   <li>{@code Referrer-Policy: no-referrer}: an invitation page's URL is its credential.</li>
 *   <li>{@code Strict-Transport-Security} when the port serves HTTPS: browsers stop trying plain HTTP.</li>
 * </ul>
 */
final class SecurityHeaders {

    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {}

    static Handler<HttpServerRequest> around(Handler<HttpServerRequest> next, boolean https) {
        return request -> {
            HttpServerResponse response = request.response();
            response.putHeader("Cache-Control", "no-store");
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "no-referrer");
            if (https) {
                response.putHeader("Strict-Transport-Security", HSTS);
            }
            next.handle(request);
        };
    }
}
