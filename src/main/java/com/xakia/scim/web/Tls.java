package com.xakia.scim.web;

import com.xakia.scim.config.OpsSettings;

import java.util.Set;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/** HTTPS for the SCIM/admin port from a PKCS12 keystore; without one the port stays plain HTTP. */
public final class Tls {

    private Tls() {}

    public static void configure(HttpServerOptions options, OpsSettings settings) {
        if (!settings.tls()) {
            return;
        }
        options.setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(settings.tlsKeystore().toString())
                        .setPassword(settings.tlsKeystorePassword()))
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"));
    }
}
