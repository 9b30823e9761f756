package com.xakia.scim.user;

import java.util.List;

import com.xakia.scim.db.MergeOrder;
import com.xakia.scim.scim.ScimFilter;

/**
 * One location's part of a list across an organization's locations: how many of the organization's users there
 * match (when counted), and the keys of its first ones in the organization's order.
 *
 * @param total the exact number of matches at the location, or -1 when not counted
 */
public record LocationShare(int total, List<MergeOrder.Key> keys) {

    /**
     * @param after the key the keys follow, null for the first
     * @param limit how many keys at most (0: count only)
     * @param snapshot a {@link com.xakia.scim.db.SharedSnapshot} of the control server's database to read in, for a
     *                 location whose namespace is there; null to read in a transaction of its own
     */
    public record Query(ScimFilter.Sql where, MergeOrder order, MergeOrder.Key after, int limit, boolean counted,
                        String snapshot) {}
}
