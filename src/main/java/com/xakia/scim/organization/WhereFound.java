package com.xakia.scim.organization;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where this process last found each of an organization's userNames: a guess, never an answer. A lookup that
 * guesses reads the location's row in one statement that also checks the organization's index points to it
 * ({@link OrgUserIndex#pointsAt}); a wrong or stale guess (a move, a rename, another instance's write) costs one
 * statement more and is forgotten. Bounded: when full it starts again empty, so an instance that looks up more
 * distinct userNames than that, round and round, gains little from it.
 */
final class WhereFound {

    /** About 8 MB when full. */
    static final int MOST = 50_000;

    private final Map<String, String> locations = new ConcurrentHashMap<>();

    Optional<String> location(String organizationId, String userName) {
        return Optional.ofNullable(locations.get(key(organizationId, userName)));
    }

    void found(String organizationId, String userName, String locationId) {
        if (locations.size() >= MOST) {
            locations.clear();
        }
        locations.put(key(organizationId, userName), locationId);
    }

    /** Forgets this guess only: another request may have learnt a newer one meanwhile. */
    void forget(String organizationId, String userName, String locationId) {
        locations.remove(key(organizationId, userName), locationId);
    }

    private static String key(String organizationId, String userName) {
        return organizationId + '\n' + userName.toLowerCase(Locale.ROOT);
    }
}
