package com.xakia.scim.web;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * How long the public port waits for a slow or silent client, and how many connections it holds. The
 * defaults live in application.properties only (xakia.http.*).
 */
public record HttpLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections) {

    public HttpLimits {
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || maxConnections < 1) {
            throw new IllegalArgumentException("XAKIA_HTTP_HEADER_TIMEOUT_SECONDS, XAKIA_HTTP_IDLE_TIMEOUT_SECONDS and"
                    + " XAKIA_HTTP_MAX_CONNECTIONS must be positive");
        }
    }

    public static HttpLimits from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        return new HttpLimits(
                Duration.ofMillis(Math.round(1000 * Double.parseDouble(required(p, "xakia.http.header-timeout-seconds")))),
                Duration.ofMillis(Math.round(1000 * Double.parseDouble(required(p, "xakia.http.idle-timeout-seconds")))),
                Integer.parseInt(required(p, "xakia.http.max-connections")));
    }

    private static String required(PropertiesComponent p, String key) {
        return p.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException(key + " is missing from application.properties"));
    }
}
