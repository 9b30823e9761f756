package com.xakia.scim.ops;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of something outside this process (a database, the SMTP server). It counts for readiness
 * only: restarting this process (what a failed liveness check leads to) would not bring it back.
 */
abstract class ReadinessCheck extends AbstractHealthCheck {

    ReadinessCheck(String id) {
        super("xakia", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
