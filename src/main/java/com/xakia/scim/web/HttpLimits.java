package com.xakia.scim.web;

import java.time.Duration;

import com.xakia.scim.config.Properties;
import org.apache.camel.CamelContext;

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
        Properties p = Properties.of(context);
        return new HttpLimits(
                Duration.ofMillis(Math.round(1000 * p.decimal("xakia.http.header-timeout-seconds"))),
                Duration.ofMillis(Math.round(1000 * p.decimal("xakia.http.idle-timeout-seconds"))),
                p.integer("xakia.http.max-connections"));
    }
}
