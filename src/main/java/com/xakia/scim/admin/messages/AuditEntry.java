package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.List;

import com.xakia.scim.ops.AuditTrail;

/** One audit row: who did what to which resource, and the names (never the values) of what changed. */
public record AuditEntry(long id, OffsetDateTime at, String actor, String operation, String resourceId,
                         List<String> attributes, String requestId) {

    public static AuditEntry of(AuditTrail.Entry e) {
        return new AuditEntry(e.id(), e.at(), e.actor(), e.operation(), e.resourceId(), e.attributes(), e.requestId());
    }
}
