package com.xakia.scim.support;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a port fixed before the app starts, so a test can take it down and
 * bring it back up on the same port to play an outage.
 */
public final class Smtp implements AutoCloseable {

    public final int port = RunningApp.freePort();
    private final String user;
    private final String password;
    private GreenMail server;

    public Smtp() {
        this(null, null);
    }

    /** A server that knows this account, for tests that configure SMTP authentication. */
    public Smtp(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** The app's settings for this server, plus more key-value pairs. */
    public Map<String, String> appSettings(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "xakia.smtp.host", "127.0.0.1",
                "xakia.smtp.port", String.valueOf(port),
                "xakia.smtp.timeout-ms", "2000"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    public synchronized Smtp start() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            if (user != null) {
                server.setUser(user, password);
            }
            server.start();
        }
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Every message received since this server (instance) started. */
    public synchronized List<MimeMessage> received() {
        return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
    }

    public List<MimeMessage> receivedBy(String address) {
        return received().stream().filter(m -> recipients(m).contains(address)).toList();
    }

    public static List<String> recipients(MimeMessage message) {
        try {
            Address[] all = message.getAllRecipients();
            return all == null ? List.of() : Arrays.stream(all).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
