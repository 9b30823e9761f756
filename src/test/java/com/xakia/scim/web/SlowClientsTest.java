package com.xakia.scim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static com.xakia.scim.support.RawHttp.readResponse;
import static com.xakia.scim.support.RawHttp.readUntilClosed;
import static com.xakia.scim.support.RawHttp.send;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.xakia.scim.support.RawHttp;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slowloris and idle keep-alive connections on the public port, over raw sockets: a connection whose
 * request headers are not complete within the header timeout is closed, so is a keep-alive connection
 * left idle, and connections beyond the cap are closed at once. Timeouts are set low so the test is quick.
 */
class SlowClientsTest {

    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_CONNECTIONS = 8;
    static final String REQUEST = "GET /admin/api/locations HTTP/1.1\r\nHost: localhost\r\n\r\n";
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of(
                "xakia.http.header-timeout-seconds", String.valueOf(HEADER_TIMEOUT.toSeconds()),
                "xakia.http.idle-timeout-seconds", String.valueOf(IDLE_TIMEOUT.toSeconds()),
                "xakia.http.max-connections", String.valueOf(MAX_CONNECTIONS)));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void half_a_request_is_closed_at_the_header_timeout() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            send(socket, "GET /admin/api/locations HTTP/1.1\r\nHost: localhost\r\n"); // no blank line: headers unfinished
            int read = readUntilClosed(socket);
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("half-request connection stayed open " + open.toMillis() + " ms");
            assertThat(read).as("nothing was answered").isZero();
            assertThat(open).isBetween(HEADER_TIMEOUT.minusMillis(300), HEADER_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void headers_trickled_byte_by_byte_do_not_keep_a_connection_open() throws IOException {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            byte[] headers = "GET /admin/api/locations HTTP/1.1\r\nHost: localhost\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.US_ASCII);
            int[] next = {0};
            trickle.scheduleAtFixedRate(() -> {
                try {
                    socket.getOutputStream().write(headers[next[0]++ % headers.length]);
                    socket.getOutputStream().flush();
                } catch (IOException closed) {
                    throw new IllegalStateException(closed); // ends the schedule
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            readUntilClosed(socket);
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("trickling connection stayed open " + open.toMillis() + " ms");
            assertThat(open).isBetween(HEADER_TIMEOUT.minusMillis(300), HEADER_TIMEOUT.plusSeconds(3));
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void a_keep_alive_connection_is_served_and_then_closed_when_left_idle() throws IOException {
        try (Socket socket = connect()) {
            send(socket, REQUEST);
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 401");
            send(socket, REQUEST); // the same connection serves the next request
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 401");
            long idleSince = System.nanoTime();
            assertThat(readUntilClosed(socket)).isZero();
            Duration idle = Duration.ofNanos(System.nanoTime() - idleSince);
            System.out.println("idle keep-alive connection closed after " + idle.toMillis() + " ms");
            assertThat(idle).isBetween(IDLE_TIMEOUT.minusMillis(300), IDLE_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void connections_beyond_the_cap_are_closed_at_once_and_served_again_when_others_go() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket socket = connect();
                send(socket, "GET / HTTP/1.1\r\n"); // holds a slot until the header timeout
                held.add(socket);
            }
            try (Socket extra = connect()) {
                long start = System.nanoTime();
                send(extra, REQUEST);
                assertThat(readUntilClosed(extra)).as("closed without an answer").isZero();
                Duration open = Duration.ofNanos(System.nanoTime() - start);
                System.out.println("connection beyond the cap closed after " + open.toMillis() + " ms");
                assertThat(open).as("well before any timeout").isLessThan(HEADER_TIMEOUT.dividedBy(2));
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Socket socket = connect()) {
                send(socket, REQUEST);
                assertThat(readResponse(socket)).startsWith("HTTP/1.1 401");
            }
        });
    }

    @Test
    void every_answer_says_nosniff_and_no_store() throws IOException {
        try (Socket socket = connect()) {
            send(socket, REQUEST);
            assertThat(readResponse(socket).toLowerCase())
                    .contains("x-content-type-options: nosniff").contains("cache-control: no-store")
                    .doesNotContain("strict-transport-security"); // plain HTTP: no HSTS
        }
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect(app.port);
    }
}
