package com.xakia.scim.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Cuts off clients that hold a connection without using it (slowloris), and caps the open connections.
 *
 * <p>Vert.x's idle timeout resets on every byte, so a client trickling one header byte every few seconds
 * would never hit it. Here a connection has a deadline instead: its request headers must be complete
 * within the header timeout of opening, and the next request's within the idle (keep-alive) timeout of
 * the previous response; Vert.x calls the request handler only once the headers are complete, which is
 * when the deadline is lifted. Beyond the connection cap a new connection is closed at once, before it
 * costs more than its accept.
 *
 * <p>Everything about one connection runs on its event loop, so a {@link Watch} needs no locking; only
 * the map and the counter are shared between event loops.
 */
final class SlowClientGuard {

    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    SlowClientGuard(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        Watch watch = new Watch(connection);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            watches.remove(connection);
            watch.close();
        });
        if (open.incrementAndGet() > limits.maxConnections()) {
            connection.close();
            return;
        }
        watches.put(connection, watch);
        watch.deadline(limits.headerTimeout().toMillis());
    }

    /** Wraps the server's request handler: headers are in; the next deadline starts when the answer is sent. */
    Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            Watch watch = watches.get(request.connection());
            if (watch != null) {
                watch.requestStarted();
                request.response().endHandler(v -> watch.requestEnded());
            }
            next.handle(request);
        };
    }

    int openConnections() {
        return open.get();
    }

    private final class Watch {
        private final HttpConnection connection;
        private long timer = -1;
        private int inFlight; // more than one only if a pipelined request starts before the previous answer ends
        private boolean closed;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void requestStarted() {
            inFlight++;
            lift();
        }

        void requestEnded() {
            if (--inFlight == 0) {
                deadline(limits.idleTimeout().toMillis());
            }
        }

        void deadline(long millis) {
            lift();
            if (!closed) {
                timer = vertx.setTimer(millis, id -> connection.close());
            }
        }

        void lift() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        void close() {
            closed = true;
            lift();
        }
    }
}
