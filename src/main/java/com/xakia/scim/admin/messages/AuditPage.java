package com.xakia.scim.admin.messages;

import java.util.List;

import com.xakia.scim.ops.AuditTrail;

/** GET …/audit: one page of a location's or an organization's audit trail, newest first. */
public record AuditPage(long totalResults, int startIndex, int itemsPerPage, List<AuditEntry> entries) {

    public static AuditPage of(AuditTrail.Page page) {
        return new AuditPage(page.totalResults(), page.startIndex(), page.entries().size(),
                page.entries().stream().map(AuditEntry::of).toList());
    }
}
