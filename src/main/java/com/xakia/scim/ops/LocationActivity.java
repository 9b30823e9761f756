package com.xakia.scim.ops;

import com.xakia.scim.invite.OutboxProbe;

import com.xakia.scim.invite.InvitationMetrics;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.xakia.scim.user.UserEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-location activity: one {@link LocationStats} MBean per location this process has seen, fed by
 * the user store, the SCIM request observer and the invitations work. MBeans are registered on the
 * platform MBean server next to Camel's own, and removed when the service stops.
 */
public final class LocationActivity extends ServiceSupport implements UserEvents, InvitationMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(LocationActivity.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String contextName;
    private final MeterRegistry meters;
    private final Map<String, LocationStats> stats = new ConcurrentHashMap<>();
    private volatile OutboxProbe outboxProbe = OutboxProbe.NONE;

    public LocationActivity(String contextName, MeterRegistry meters) {
        this.contextName = contextName;
        this.meters = meters;
    }

    /** The invitations work plugs its outbox reader in here. */
    public void outboxProbe(OutboxProbe probe) {
        this.outboxProbe = probe == null ? OutboxProbe.NONE : probe;
    }

    public ObjectName objectName(String locationId) {
        try {
            return new ObjectName("com.xakia.scim:context=" + ObjectName.quote(contextName)
                    + ",type=Location,id=" + locationId);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The stats of a location, registering its MBean the first time. */
    public LocationStats of(String locationId) {
        return stats.computeIfAbsent(locationId, id -> {
            LocationStats s = new LocationStats(id, () -> outboxProbe);
            try {
                server.registerMBean(s, objectName(id));
            } catch (JMException e) {
                LOG.warn("Could not register the JMX MBean of location {}: {}", id, e.toString());
            }
            return s;
        });
    }

    /** An authenticated SCIM call of the location answered with {@code status}. */
    public void scimCall(String locationId, int status) {
        of(locationId).call(status);
    }

    @Override public void created(String locationId) { of(locationId).created.increment(); }
    @Override public void updated(String locationId) { of(locationId).updated.increment(); }
    @Override public void deactivated(String locationId) { of(locationId).deactivated.increment(); }
    @Override public void reactivated(String locationId) { of(locationId).reactivated.increment(); }

    @Override
    public void queued(String locationId) {
        of(locationId).queued.increment();
        invitations(locationId, "queued").increment();
    }

    @Override
    public void sent(String locationId) {
        of(locationId).sent.increment();
        invitations(locationId, "sent").increment();
    }

    @Override
    public void failed(String locationId) {
        of(locationId).failed.increment();
        invitations(locationId, "failed").increment();
    }

    private Counter invitations(String locationId, String outcome) {
        return Counter.builder("xakia.invitations").description("Invitation emails by outcome")
                .tag("location", locationId).tag("outcome", outcome).register(meters);
    }

    @Override
    protected void doStop() {
        for (String id : stats.keySet()) {
            try {
                server.unregisterMBean(objectName(id));
            } catch (JMException e) {
                LOG.debug("MBean of location {} was already gone", id);
            }
        }
        stats.clear();
    }
}
