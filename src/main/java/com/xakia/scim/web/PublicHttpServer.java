package com.xakia.scim.web;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The public (SCIM and admin) port: Camel's platform-http Vert.x server, except that it listens with
 * HttpServerOptions of our own. Camel 4.18 builds those options inside {@code startServer()} and offers
 * no setting for idle timeouts, a connection handler or TLS other than its global SSL parameters, so
 * this class replaces only that step: the Vert.x instance, the router Camel's consumers register on and
 * its body handler (camel.server.max-body-size) are Camel's own.
 */
final class PublicHttpServer extends VertxPlatformHttpServer {

    private final HttpLimits limits;
    private final Consumer<HttpServerOptions> tls;
    private HttpServer server;

    PublicHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpLimits limits, Consumer<HttpServerOptions> tls) {
        super(configuration);
        if (!"/".equals(configuration.getPath())) {
            // the router served below is the one Camel mounts at the path; only "/" needs no mount
            throw new IllegalArgumentException("camel.server.path must be / (it is " + configuration.getPath() + ")");
        }
        this.limits = limits;
        this.tls = tls;
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                // no byte in either direction for this long closes the connection, whatever its state
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/1.1 only: an h2c-capable server waits for a client's first bytes before it even hands
                // the connection to the connection handler, and Okta and Entra speak HTTP/1.1
                .setHttp2ClearTextEnabled(false);
        tls.accept(options);
        SlowClientGuard guard = new SlowClientGuard(getVertx(), limits);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort()));
        server = getVertx().createHttpServer(options)
                .connectionHandler(guard::opened)
                .requestHandler(guard.requests(SecurityHeaders.around(ScimEndpointNames.around(router), options.isSsl())));
        // Camel's start-up thread, not an event loop: waiting here is what Camel's own server does too
        server.listen(getConfigurationPort(), getHost()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    protected void stopServer() {
        if (server == null) {
            return;
        }
        getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the public HTTP server did not close", e);
        } finally {
            server = null;
        }
    }

    /** Camel's own stopVertx() runs on the executor its startServer() made, which this class never makes. */
    @Override
    protected void stopVertx() {
        if (getVertx() == null || lookupVertx() != null) {
            return; // a Vert.x instance from the registry belongs to whoever bound it
        }
        try {
            getVertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        return server != null ? server.actualPort() : getConfigurationPort();
    }
}
