package com.xakia.scim.ops;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.SynchronizationRouteAware;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * The logging context (MDC) of a SCIM request, which every line logged for it carries (log4j2.xml prints it):
 * its request id from the first step, its location once the key is checked. platform-http runs a route on a
 * Vert.x worker thread that serves other requests next, admin calls among them, and completes the exchange
 * on an event-loop thread; so the context is removed when the route that set it finishes, on the thread
 * that ran it, rather than when the exchange completes.
 */
public final class RequestContext {

    public static final String REQUEST_ID = "requestId";
    public static final String LOCATION = "location";

    private RequestContext() {}

    static void begin(Exchange exchange, String requestId) {
        MDC.put(REQUEST_ID, requestId);
        exchange.getExchangeExtension().addOnCompletion(new Cleared(exchange.getUnitOfWork().getRoute().getRouteId()));
    }

    /** The authenticated location; only ever an id from the control database, never one from the path as sent. */
    public static void location(String locationId) {
        MDC.put(LOCATION, locationId);
    }

    private static final class Cleared extends SynchronizationAdapter implements SynchronizationRouteAware {

        private final String routeId;

        Cleared(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public SynchronizationRouteAware getRouteSynchronization() {
            return this; // how Camel asks for the route callbacks below (it does not test the type)
        }

        @Override
        public void onBeforeRoute(Route route, Exchange exchange) {
            // the context is set by the route's first step, not here
        }

        @Override
        public void onAfterRoute(Route route, Exchange exchange) {
            if (route.getRouteId().equals(routeId)) {
                MDC.remove(REQUEST_ID);
                MDC.remove(LOCATION);
            }
        }
    }
}
