package com.xakia.scim.web;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The peer address of the TCP connection a request came on. Behind a proxy or load balancer that is the
 * proxy's address: X-Forwarded-For is not trusted, since any client can write it.
 */
public final class ClientAddress {

    public static final String IN_PROCESS = "in-process";

    private ClientAddress() {}

    public static String of(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage http) {
            SocketAddress remote = http.getRequest().remoteAddress();
            return remote == null ? IN_PROCESS : remote.hostAddress();
        }
        return IN_PROCESS;
    }
}
