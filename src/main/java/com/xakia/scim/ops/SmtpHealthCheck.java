package com.xakia.scim.ops;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

/** Readiness: the SMTP server that invitations go through accepts TCP connections. */
public final class SmtpHealthCheck extends ReadinessCheck {

    private final String host;
    private final int port;

    public SmtpHealthCheck(String host, int port) {
        super("smtp");
        this.host = host;
        this.port = port;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("smtp", host + ":" + port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            builder.up();
        } catch (Exception e) {
            builder.message("SMTP server " + host + ":" + port + " is unreachable").error(e).down();
        }
    }
}
