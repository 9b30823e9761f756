package com.xakia.scim.organization;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserService;

/**
 * A list of an organization's users evaluated by each of its locations' PostgreSQL in parallel and merged in one
 * order (the request's sort, ties by the organization-level id; see {@link MergeOrder}).
 *
 * <p>Two reads, each in parallel over the locations: first every location's exact count and the keys alone (sort
 * value, organization-level id) of its first matches, which the merge orders to choose the page; then the rows of
 * the page alone, from the locations that hold them. So a page reads {@code count} rows whatever the number of
 * locations, and keys of at most {@code count + 1} rows per location after a cursor (one more says whether a next
 * page exists): the same at any depth. Under {@code startIndex} the keys of the rows before the page are read too,
 * which grows with the depth (keys, not rows); a cursor does not. {@code totalResults} is the sum of the counts.
 *
 * <p>A location that fails (its database down) fails the whole list: a partial list would be a wrong answer.
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
     * person is never listed twice or missed, and the counts, the keys and the rows agree.
     */
    Page list(List<Location> locations, ListRequest request) throws SQLException {
        if (locations.stream().noneMatch(Location::sharesControlDatabase)) {
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
        int skip = startIndex - 1;
        // the keys of the page, of the rows before it (startIndex) and one more, which says whether a next page exists
        long wanted = request.count() == 0 ? 0 : Math.min(Integer.MAX_VALUE, (long) skip + request.count() + 1);
        List<LocationShare> shares = all(locations, location -> users.share(location,
                new LocationShare.Query(request.where(), order, after, (int) wanted, true, snapshot)));
        int total = (int) Math.min(Integer.MAX_VALUE, shares.stream().mapToLong(LocationShare::total).sum());
        if (request.count() == 0) {
            return new Page(total, startIndex, null, cursorPaging, null, request.projection());
        }
        List<Ranked> merged = new ArrayList<>();
        for (int i = 0; i < locations.size(); i++) {
            for (MergeOrder.Key key : shares.get(i).keys()) {
                merged.add(new Ranked(key, i));
            }
        }
        merged.sort(Comparator.comparing(Ranked::key, order.comparator()));
        // a person marked in two locations (a move not finished yet) is listed once, where it sorts first
        Set<UUID> seen = new HashSet<>();
        int before = merged.size();
        merged.removeIf(r -> !seen.add(r.key().id()));
        total -= before - merged.size();
        List<Ranked> page = merged.subList((int) Math.min(skip, merged.size()),
                (int) Math.min((long) skip + request.count(), merged.size()));
        List<UserRecord> rows = rows(locations, request, page, snapshot);
        String nextCursor = cursorPaging && merged.size() > page.size() && !page.isEmpty()
                ? order.cursor(page.get(page.size() - 1).key()) : null;
        return new Page(total, startIndex, rows, cursorPaging, nextCursor, request.projection());
    }

    /** A key of the merge and the location (its index in the list) it came from. */
    private record Ranked(MergeOrder.Key key, int location) {}

    /**
     * The page's rows, read from the locations that hold them (in parallel, by organization-level id) and put in
     * the page's order, each under its organization-level id. A row changed since its key was read so that it no
     * longer matches (a location on a server of its own, outside the snapshot) is left out rather than shown.
     */
    private List<UserRecord> rows(List<Location> locations, ListRequest request, List<Ranked> page, String snapshot)
            throws SQLException {
        Map<Integer, List<UUID>> wantedFrom = new LinkedHashMap<>();
        page.forEach(r -> wantedFrom.computeIfAbsent(r.location(), i -> new ArrayList<>()).add(r.key().id()));
        List<Integer> holding = new ArrayList<>(wantedFrom.keySet());
        boolean groups = request.projection().returns("groups");
        Map<UUID, UserRecord> byId = new HashMap<>();
        all(holding, i -> users.ofOrganization(locations.get(i), request.where(), wantedFrom.get(i), groups, snapshot))
                .forEach(found -> found.forEach(u -> byId.put(u.organizationUserId(), u)));
        List<UserRecord> rows = new ArrayList<>(page.size());
        for (Ranked r : page) {
            UserRecord row = byId.get(r.key().id());
            if (row != null) {
                rows.add(row.asOrganizationUser(r.key().id()));
            }
        }
        return rows;
    }

    @FunctionalInterface
    private interface Task<I, T> {
        T run(I input) throws SQLException;
    }

    /**
     * The task run for every input in parallel, the results in the inputs' order. The first failure ends the wait
     * (the tasks not yet started are cancelled) and is thrown as the location threw it, so a database that is down
     * answers 503 as at the location.
     */
    private <I, T> List<T> all(List<I> inputs, Task<I, T> task) throws SQLException {
        CompletionService<T> done = new ExecutorCompletionService<>(fanOut);
        List<Future<T>> started = new ArrayList<>();
        for (I input : inputs) {
            started.add(done.submit(() -> task.run(input)));
        }
        try {
            for (int i = 0; i < started.size(); i++) {
                done.take().get(); // in the order they finish: a failure is seen at once
            }
            List<T> results = new ArrayList<>(inputs.size());
            for (Future<T> f : started) {
                results.add(f.get());
            }
            return results;
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
