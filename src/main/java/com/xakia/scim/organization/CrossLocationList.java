package com.xakia.scim.organization;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.xakia.scim.db.MergeOrder;
import com.xakia.scim.db.SharedSnapshot;
import com.xakia.scim.location.Location;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.user.LocationShare;
import com.xakia.scim.user.LocationShare.Read;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserService;

/**
 * A list of an organization's users evaluated by each of its locations' PostgreSQL in parallel and merged in one
 * order (the request's sort, ties by the organization-level id; see {@link MergeOrder}).
 *
 * <ul>
 *   <li>{@code totalResults} is the sum of the locations' exact counts.</li>
 *   <li>A cursor is the key of a page's last row: each location returns at most {@code count + 1} rows after it
 *       (one more tells whether a next page exists), so a page costs the same at any depth.</li>
 *   <li>{@code startIndex} past the first page: the locations return the keys alone of the rows before it; the
 *       merge finds the key of the last row skipped, then each location returns the page after that key as under
 *       a cursor. Skipping costs keys, not rows, and grows with the depth; cursor paging does not.</li>
 *   <li>A location that fails (its database down) fails the whole list: a partial list would be a wrong answer.</li>
 * </ul>
 */
final class CrossLocationList {

    private final DataSource control;
    private final UserService users;
    private final ExecutorService fanOut;

    CrossLocationList(DataSource control, UserService users, ExecutorService fanOut) {
        this.control = control;
        this.users = users;
        this.fanOut = fanOut;
    }

    /**
     * The locations whose namespaces are in the control server's database read in one snapshot of it, so a change
     * committed while they are read (a move between two of them is one transaction) is seen in all or in none: a
     * person is never listed twice or missed, and the counts and both reads of a deep startIndex agree.
     */
    Page list(List<Location> locations, ListRequest request) throws SQLException {
        if (locations.stream().filter(Location::sharesControlDatabase).count() < 2) {
            return list(locations, request, null);
        }
        try (SharedSnapshot snapshot = SharedSnapshot.export(control)) {
            return list(locations, request, snapshot.id());
        }
    }

    private Page list(List<Location> locations, ListRequest request, String snapshot) throws SQLException {
        MergeOrder order = UserService.organizationOrder(request.sort());
        boolean cursorPaging = request.cursor() != null;
        MergeOrder.Key after = cursorPaging ? order.decode(request.cursor()) : null;
        int startIndex = cursorPaging ? 1 : request.startIndex();
        long skip = startIndex - 1L;
        boolean groups = request.projection().returns("groups");
        if (request.count() == 0) {
            int total = total(all(locations, query(request, order, Read.NOTHING, null, 0, true, false, snapshot)));
            return new Page(total, startIndex, null, cursorPaging, null, request.projection());
        }
        int limit = request.count() + 1; // one more than asked tells whether a next page exists
        List<LocationShare> shares;
        int total;
        if (skip == 0) {
            shares = all(locations, query(request, order, Read.ROWS, after, limit, true, groups, snapshot));
            total = total(shares);
        } else {
            List<LocationShare> skipped = all(locations, query(request, order, Read.KEYS, null,
                    (int) Math.min(Integer.MAX_VALUE, skip), true, false, snapshot));
            total = total(skipped);
            if (skip >= total) {
                return new Page(total, startIndex, List.of(), false, null, request.projection());
            }
            MergeOrder.Key lastSkipped = skipped.stream().flatMap(s -> s.keys().stream()).sorted(order.comparator())
                    .skip(skip - 1).findFirst().orElseThrow();
            shares = all(locations, query(request, order, Read.ROWS, lastSkipped, limit, false, groups, snapshot));
        }
        List<MergeOrder.Ranked<UserRecord>> merged = shares.stream().flatMap(s -> s.users().stream())
                .sorted(Comparator.comparing(MergeOrder.Ranked::key, order.comparator())).toList();
        List<MergeOrder.Ranked<UserRecord>> page = merged.subList(0, Math.min(request.count(), merged.size()));
        String nextCursor = cursorPaging && merged.size() > page.size()
                ? order.cursor(page.get(page.size() - 1).key()) : null;
        // shown under the organization-level id, which is the key's id
        return new Page(total, startIndex, page.stream().map(r -> r.row().asOrganizationUser(r.key().id())).toList(),
                cursorPaging, nextCursor, request.projection());
    }

    private static LocationShare.Query query(ListRequest request, MergeOrder order, Read read, MergeOrder.Key after,
                                             int limit, boolean counted, boolean groups, String snapshot) {
        return new LocationShare.Query(request.where(), order, read, after, limit, counted, groups, snapshot);
    }

    private static int total(List<LocationShare> shares) {
        long sum = shares.stream().mapToLong(LocationShare::total).sum();
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    /**
     * Every location's share, read in parallel. The first failure ends the wait (the shares not yet started are
     * cancelled) and is thrown as the location threw it, so a database that is down answers 503 as at the location.
     */
    private List<LocationShare> all(List<Location> locations, LocationShare.Query query) throws SQLException {
        CompletionService<LocationShare> done = new ExecutorCompletionService<>(fanOut);
        List<Future<LocationShare>> started = new ArrayList<>();
        for (Location location : locations) {
            started.add(done.submit(() -> users.share(location, query)));
        }
        List<LocationShare> shares = new ArrayList<>(locations.size());
        try {
            for (int i = 0; i < started.size(); i++) {
                shares.add(done.take().get());
            }
            return shares;
        } catch (ExecutionException e) {
            started.forEach(f -> f.cancel(false));
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            started.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw ScimError.unavailable(1);
        }
    }

    private static SQLException rethrown(Throwable cause) {
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new SQLException(cause);
    }
}
