package com.xakia.scim.web;

import com.xakia.scim.config.OpsSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Camel Main takes its HTTP server factory from the registry when there is one. It looks before any
 * CamelConfiguration runs, so this one is bound by application.properties
 * ({@code camel.beans.publicHttpServerFactory}). The public port gets {@link PublicHttpServer}
 * (camel.server.host, port and max-body-size as before, plus {@link HttpLimits} and TLS); the management
 * port stays Camel's own.
 */
public final class PublicHttpServerFactory implements MainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(properties.getHost());
        configuration.setBindPort(properties.getPort());
        configuration.setPath(properties.getPath());
        configuration.setMaxBodySize(properties.getMaxBodySize());
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        // no endpoint takes a file, so no multipart upload is ever written to the temporary directory
        configuration.getBodyHandler().setHandleFileUploads(false);
        OpsSettings ops = OpsSettings.from(context);
        PublicHttpServer server = new PublicHttpServer(configuration, HttpLimits.from(context),
                options -> Tls.configure(options, ops));
        server.setCamelContext(context);
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties properties) {
        DefaultMainHttpServerFactory camels = new DefaultMainHttpServerFactory();
        camels.setCamelContext(context);
        return camels.newHttpManagementServer(context, properties);
    }
}
