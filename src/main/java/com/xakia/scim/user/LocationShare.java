package com.xakia.scim.user;

import java.util.List;

import com.xakia.scim.db.MergeOrder;
import com.xakia.scim.scim.ScimFilter;

/**
 * One location's part of a list across an organization's locations: how many of the organization's users there
 * match (when counted), and its first rows (or their keys alone) in the organization's order.
 *
 * @param total the exact number of matches at the location, or -1 when not counted
 */
public record LocationShare(int total, List<MergeOrder.Ranked<UserRecord>> users, List<MergeOrder.Key> keys) {

    /** What to read besides the count: nothing, the first keys alone, or the first rows after a key. */
    public enum Read { NOTHING, KEYS, ROWS }

    /**
     * @param after the key the rows follow (ROWS only), null for the first
     * @param limit how many rows or keys at most
     * @param withGroups whether the rows carry their groups (the projection returns them)
     * @param snapshot a {@link com.xakia.scim.db.SharedSnapshot} of the control server's database to read in, for a
     *                 location whose namespace is there; null to read in a transaction of its own
     */
    public record Query(ScimFilter.Sql where, MergeOrder order, Read read, MergeOrder.Key after, int limit,
                        boolean counted, boolean withGroups, String snapshot) {}
}
