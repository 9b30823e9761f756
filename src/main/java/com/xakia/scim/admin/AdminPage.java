package com.xakia.scim.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.xakia.scim.web.HttpReply;
import org.apache.camel.Exchange;

/**
 * The admin web page: static files packaged in the jar under admin/. Only the files named here are served
 * (platform-http's own static handler also reads the working directory, which holds data and settings).
 * The page holds no secret; it works only through the admin API with the token the admin types in.
 */
public final class AdminPage {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=UTF-8",
            "admin.css", "text/css; charset=UTF-8",
            "admin.js", "text/javascript; charset=UTF-8");

    /** The page's security headers: nothing from elsewhere, no framing, no referrer carrying a path. */
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    public void serve(Exchange exchange) throws IOException {
        String file = exchange.getMessage().getHeader("file", "index.html", String.class);
        String type = FILES.get(file);
        InputStream in = type == null ? null : AdminPage.class.getClassLoader().getResourceAsStream("admin/" + file);
        if (in == null) {
            HttpReply.send(exchange, 404, "text/plain; charset=UTF-8", "Not found", Map.of());
            return;
        }
        try (in) {
            HttpReply.send(exchange, 200, type, in.readAllBytes(), HEADERS);
        }
    }
}
