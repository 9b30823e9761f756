package com.xakia.scim.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 by hand over a plain socket, for what a client library hides: half-sent requests, idle
 * keep-alive connections, the server closing, a chosen client address.
 */
public final class RawHttp {

    private RawHttp() {}

    public static Socket connect(int port) throws IOException {
        return connect(null, port);
    }

    /** A connection from a given loopback address (127.0.0.2, …), so the server sees another client. */
    public static Socket connect(String fromAddress, int port) throws IOException {
        Socket socket = new Socket();
        if (fromAddress != null) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000); // far beyond every timeout under test: a hang fails rather than passes
        return socket;
    }

    public static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection; returns how many bytes came first. */
    public static int readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int total = 0;
        try {
            for (int n; (n = in.read(new byte[1024])) != -1; ) {
                total += n;
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return total;
    }

    /** One response: its head and its body (Content-Length or chunked). */
    public static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = until(in, "\r\n\r\n");
        String lower = head.toLowerCase();
        if (lower.contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            for (int size; (size = Integer.parseInt(until(in, "\r\n").trim(), 16)) > 0; ) {
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                until(in, "\r\n");
            }
            until(in, "\r\n");
            return head + body;
        }
        int length = lower.lines().filter(l -> l.startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String until(InputStream in, String end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed after " + bytes);
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
