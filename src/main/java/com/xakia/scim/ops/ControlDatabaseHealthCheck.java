package com.xakia.scim.ops;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;

/** Readiness: without the control database no key can be checked, so the service is not ready. */
public final class ControlDatabaseHealthCheck extends ReadinessCheck {

    private final DataSource control;

    public ControlDatabaseHealthCheck(DataSource control) {
        super("control-database");
        this.control = control;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = control.getConnection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.message("the control database did not answer").down();
            }
        } catch (Exception e) {
            builder.message("the control database is unreachable").error(e).down();
        }
    }
}
