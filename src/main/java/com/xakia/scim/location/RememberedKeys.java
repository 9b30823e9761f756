package com.xakia.scim.location;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Databases;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control database said about a SCIM key and its owner (a location or an organization) — the owner and
 * its live key, an organization's routing table — remembered between requests only while it is known to be current.
 *
 * <p>A trigger NOTIFYs {@value #CHANNEL} with the owner's id in the transaction of every change of a key, a
 * location or an organization (control migration V9) or of an organization's routing table (V12). This process
 * LISTENs on a connection of its own and forgets what changed. Every {@value #HEARTBEAT_MS} ms it NOTIFYs a
 * heartbeat of its own on that connection; PostgreSQL hands a listener its notifications in commit order, so
 * getting the heartbeat back proves that every change committed before it was sent has been seen — and that the
 * LISTEN really is on the session (through a pooler in transaction mode it would not be, and nothing would ever be
 * remembered). A remembered entry is used
 * only within {@value #TRUSTED_MS} ms of the last heartbeat that came back, so a key revoked or replaced on any
 * instance stops here within 1 s even when the listening connection hangs; while it is down, every request reads
 * the database, as without this class.
 *
 * <p>A read that raced with a change is not kept: every change counts a generation up, and a read is kept only if
 * the generation is the one it started under. Changes made by this process are forgotten at once ({@link #changed}),
 * without waiting for their notification. Only owners that exist are remembered, so unknown ids cost a query each,
 * as before, and cannot fill the memory.
 */
public final class RememberedKeys implements KeyChanges, AutoCloseable {

    public static final String CHANNEL = "xakia_keys";
    static final long HEARTBEAT_MS = 250;
    static final long TRUSTED_MS = 750;
    /** A safety net only: even while notifications flow, an entry is read again after this long. */
    static final long KEPT_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(RememberedKeys.class);
    private static final String HEARTBEAT_PREFIX = "heartbeat:";

    /** Reads an owner and its live key from the database; empty when there is no such owner. */
    @FunctionalInterface
    public interface Read<T> {
        Optional<T> read() throws SQLException;
    }

    private record Entry(Object value, long readAt) {}

    private final Databases.Connection control;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final String heartbeat = HEARTBEAT_PREFIX + Secrets.newId(8);
    /** When the last heartbeat that came back was sent (System.nanoTime), or 0 when none came back yet. */
    private volatile long confirmedAt;
    private volatile boolean running = true;
    private final Thread listener;

    /** Listening from now on when {@code enabled}; otherwise nothing is ever remembered (XAKIA_SCIM_REMEMBER_KEYS=false). */
    public RememberedKeys(Databases.Connection control, boolean enabled) {
        this.control = control;
        this.listener = new Thread(this::listen, "xakia-key-changes");
        listener.setDaemon(true);
        if (enabled) {
            listener.start();
        }
    }

    /**
     * The owner of kind {@code kind} ("location", "organization") with id {@code id}, remembered or read. A
     * remembered owner that does not {@code admit} the request is read again: a key just issued on another
     * instance works here at once, only a revoked one may last until the notification (under 1 s).
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(String kind, String id, Predicate<T> admits, Read<T> read) throws SQLException {
        String key = kind + ':' + id;
        long now = System.nanoTime();
        boolean trusted = current(now);
        if (trusted) {
            Entry entry = entries.get(key);
            if (entry != null && now - entry.readAt() < TimeUnit.MILLISECONDS.toNanos(KEPT_MS)
                    && admits.test((T) entry.value())) {
                return Optional.of((T) entry.value());
            }
        }
        long before = generation.get();
        Optional<T> found = read.read();
        if (trusted && found.isPresent() && generation.get() == before) {
            entries.put(key, new Entry(found.get(), now));
        }
        return found;
    }

    /** Whether remembered entries may be used now: a heartbeat came back less than {@value #TRUSTED_MS} ms ago. */
    boolean current(long now) {
        long confirmed = confirmedAt;
        return confirmed != 0 && now - confirmed < TimeUnit.MILLISECONDS.toNanos(TRUSTED_MS);
    }

    /** This process changed the owner's key or the owner itself: forget it now (the notification follows). */
    @Override
    public void changed(String ownerId) {
        generation.incrementAndGet();
        entries.keySet().removeIf(key -> key.endsWith(':' + ownerId));
    }

    private void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void listen() {
        long backoffMs = 100;
        while (running) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("listen " + CHANNEL);
                forgetAll(); // whatever changed while nobody listened
                backoffMs = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    long sent = System.nanoTime();
                    s.execute("select pg_notify('" + CHANNEL + "', '" + heartbeat + "')"); // our own id: no user input
                    boolean back = handle(pg.getNotifications());
                    if (back) {
                        confirmedAt = sent;
                    }
                    handle(pg.getNotifications((int) HEARTBEAT_MS)); // waits, but wakes for a change at once
                }
            } catch (SQLException | RuntimeException e) {
                confirmedAt = 0;
                forgetAll();
                if (running) {
                    LOG.warn("Listening for SCIM key changes failed ({}); every request reads its key from the"
                            + " database until it works again", e.getMessage());
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 5_000);
                }
            }
        }
    }

    /** Forgets what the notifications name; whether our own heartbeat was among them. */
    private boolean handle(PGNotification[] notifications) {
        boolean heartbeatBack = false;
        if (notifications == null) {
            return false;
        }
        for (PGNotification n : notifications) {
            String payload = n.getParameter();
            if (payload.equals(heartbeat)) {
                heartbeatBack = true;
            } else if (!payload.startsWith(HEARTBEAT_PREFIX)) {
                changed(payload);
            }
        }
        return heartbeatBack;
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (!control.user().isBlank()) {
            props.setProperty("user", control.user());
        }
        if (!control.password().isBlank()) {
            props.setProperty("password", control.password());
        }
        props.setProperty("socketTimeout", "5"); // a server that stopped answering ends the wait; we reconnect
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "xakia-scim key changes");
        return DriverManager.getConnection(control.url(), props);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
        confirmedAt = 0;
        forgetAll();
    }
}
