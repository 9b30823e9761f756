package com.xakia.scim.bulk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.config.Settings;
import com.xakia.scim.group.GroupResources;
import com.xakia.scim.group.GroupService;
import com.xakia.scim.ops.RateLimiter;
import com.xakia.scim.location.Caller;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.scim.ScimResource;
import com.xakia.scim.endpoint.ScimResponses;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.user.UserService;

/**
 * POST /Bulk (RFC 7644 3.7). Each operation is turned into the same command as its single request and run
 * by the same service method, as the bulk request's caller: the same checks, transaction, audit row and
 * rate-limit charge. Operations run in order; one that refers to another by {@code bulkId:<id>} waits
 * until that one has run. Advertised limits are enforced with 413.
 */
public final class Bulk {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern BULK_ID_REF = Pattern.compile("bulkId:([A-Za-z0-9._~-]+)");
    /** An operation's endpoint, named in any case as on the base URI itself (/users is /Users). */
    private static final Pattern PATH = Pattern.compile("/((?i:Users|Groups))(?:/([^/?]+))?");

    private final Settings settings;
    private final UserResources userResources;
    private final UserService users;
    private final GroupResources groupResources;
    private final GroupService groups;
    private final RateLimiter rateLimiter;

    public Bulk(Settings settings, UserResources userResources, UserService users, GroupResources groupResources,
                GroupService groups, RateLimiter rateLimiter) {
        this.settings = settings;
        this.userResources = userResources;
        this.users = users;
        this.groupResources = groupResources;
        this.groups = groups;
        this.rateLimiter = rateLimiter;
    }

    /** @param references the bulkIds it refers to, in order of appearance, found once */
    record Operation(int index, String method, String bulkId, String path, JsonNode data, String version,
                     List<String> references) {}

    /**
     * The operations of one request, each run as soon as what it refers to has run: in request order,
     * except that an operation waiting for a bulkId is parked under it and runs right after the operation
     * that creates it. Each operation is looked at once per reference it has, so the order costs time
     * linear in the request (re-scanning every waiting operation after each step was quadratic: a
     * 1,000-operation chain in reverse order took 4.5 s).
     */
    private final class Run {
        private final Caller caller;
        private final List<Operation> operations;
        private final int failOnErrors;
        private final ObjectNode[] results;
        private final int[] resolved;                                     // per operation: references known to have run
        private final Map<String, String> createdIds = new HashMap<>();   // bulkId -> id
        private final Set<String> failed = new HashSet<>();               // bulkIds whose operation failed
        private final Map<String, List<Operation>> waiting = new HashMap<>(); // bulkId -> operations parked on it
        private final Deque<Operation> woken = new ArrayDeque<>();
        private int errors;

        Run(Caller caller, List<Operation> operations, int failOnErrors) {
            this.caller = caller;
            this.operations = operations;
            this.failOnErrors = failOnErrors;
            this.results = new ObjectNode[operations.size()];
            this.resolved = new int[operations.size()];
        }

        ObjectNode[] all() {
            for (Operation op : operations) {
                woken.add(op);
                while (!woken.isEmpty() && errors < failOnErrors) {
                    runOrPark(woken.poll());
                }
                if (errors >= failOnErrors) {
                    return results;
                }
            }
            // still parked: references that never resolve (a cycle, or a bulkId no operation has)
            waiting.values().forEach(parked -> parked.forEach(op -> results[op.index()] =
                    failure(op, ScimError.of(409, null, "Circular or unknown bulkId reference."))));
            return results;
        }

        private void runOrPark(Operation op) {
            String missing = firstUnresolved(op);
            if (missing != null && !failed.contains(missing)) {
                waiting.computeIfAbsent(missing, k -> new ArrayList<>()).add(op);
                return;
            }
            ObjectNode result = missing != null
                    ? failure(op, ScimError.of(409, null, "bulkId:" + missing + " refers to an operation that failed."))
                    : run(caller, op, createdIds);
            results[op.index()] = result;
            boolean ok = result.get("status").asText().startsWith("2");
            if (!ok) {
                errors++;
            }
            if (op.bulkId() != null) {
                if (!ok) {
                    failed.add(op.bulkId());
                }
                woken.addAll(waiting.getOrDefault(op.bulkId(), List.of()));
                waiting.remove(op.bulkId());
            }
        }

        /** The first reference that has not run yet; references that have stay so, hence the index. */
        private String firstUnresolved(Operation op) {
            List<String> references = op.references();
            while (resolved[op.index()] < references.size()) {
                String reference = references.get(resolved[op.index()]);
                if (!createdIds.containsKey(reference)) {
                    return reference;
                }
                resolved[op.index()]++;
            }
            return null;
        }
    }

    /** The BulkResponse of a bulk request: one result per operation that ran, in request order. */
    public ObjectNode run(Caller caller, String body) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > settings.bulkMaxPayloadBytes()) {
            throw ScimError.of(413, null, "The bulk request is larger than maxPayloadSize ("
                    + settings.bulkMaxPayloadBytes() + " bytes).");
        }
        ObjectNode request = ScimJson.parseObject(body);
        JsonNode operations = ScimJson.field(request, "Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimError.invalidSyntax("A bulk request needs an \"Operations\" array.");
        }
        if (operations.size() > settings.bulkMaxOperations()) {
            throw ScimError.of(413, null, "The bulk request has " + operations.size()
                    + " operations; maxOperations is " + settings.bulkMaxOperations() + ".");
        }
        int failOnErrors = request.path("failOnErrors").asInt(Integer.MAX_VALUE);
        if (failOnErrors <= 0) {
            failOnErrors = Integer.MAX_VALUE;
        }

        List<Operation> all = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            all.add(operation(i, operations.get(i)));
        }
        ObjectNode[] results = new Run(caller, all, failOnErrors).all();
        ObjectNode response = JSON.objectNode();
        response.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        ArrayNode out = response.putArray("Operations");
        for (ObjectNode result : results) {
            if (result != null) {
                out.add(result);
            }
        }
        return response;
    }

    static Operation operation(int index, JsonNode node) {
        if (!node.isObject()) {
            throw ScimError.invalidSyntax("Each bulk operation must be a JSON object.");
        }
        String method = node.path("method").asText("").toUpperCase(Locale.ROOT);
        if (!List.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw ScimError.invalidSyntax("Bulk operation " + (index + 1) + ": method must be POST, PUT, PATCH or DELETE.");
        }
        String bulkId = node.hasNonNull("bulkId") ? node.get("bulkId").asText() : null;
        if (method.equals("POST") && bulkId == null) {
            throw ScimError.invalidSyntax("Bulk operation " + (index + 1) + ": a POST needs a bulkId.");
        }
        String path = node.path("path").asText("");
        if (!PATH.matcher(path.replaceFirst("bulkId:", "")).matches()) {
            throw ScimError.invalidSyntax("Bulk operation " + (index + 1) + ": path must be /Users, /Groups, /Users/{id} or /Groups/{id}.");
        }
        JsonNode data = node.get("data");
        List<String> references = new ArrayList<>();
        Matcher m = BULK_ID_REF.matcher(path + " " + (data == null ? "" : data.toString()));
        while (m.find()) {
            references.add(m.group(1));
        }
        return new Operation(index, method, bulkId, path, data, node.hasNonNull("version") ? node.get("version").asText() : null,
                references);
    }

    /** Runs one operation as its single request would, charged to the location like one. */
    private ObjectNode run(Caller caller, Operation op, Map<String, String> createdIds) {
        String path = resolve(op.path(), createdIds);
        Matcher m = PATH.matcher(path);
        if (!m.matches() || (op.method().equals("POST") == (m.group(2) != null))) {
            return failure(op, ScimError.invalidSyntax("POST takes /Users or /Groups; PUT, PATCH and DELETE take /Users/{id} or /Groups/{id}."));
        }
        rateLimiter.charge(caller.location().id());
        boolean user = m.group(1).equalsIgnoreCase("Users");
        String id = m.group(2);
        String data = op.data() == null ? null : resolve(op.data().toString(), createdIds);
        ScimResource written;
        int status;
        try {
            switch (op.method()) {
                case "POST" -> {
                    written = user ? users.create(caller, userResources.toCreate(data))
                            : groups.create(caller, groupResources.toCreate(data));
                    status = 201;
                }
                case "PUT" -> {
                    written = user ? users.replace(caller, userResources.toReplace(id, data, op.version()))
                            : groups.replace(caller, groupResources.toReplace(id, data, op.version(), null, null));
                    status = 200;
                }
                case "PATCH" -> {
                    written = user ? users.patch(caller, userResources.toPatch(id, data, op.version()))
                            : groups.patch(caller, groupResources.toPatch(id, data, op.version(), null, null));
                    status = user ? 200 : 204; // as the single request answers
                }
                default -> {
                    if (user) {
                        users.delete(caller, userResources.toDelete(id, op.version()));
                    } else {
                        groups.delete(caller, groupResources.toDelete(id, op.version()));
                    }
                    written = null;
                    status = 204;
                }
            }
        } catch (Exception e) {
            return failure(op, ScimResponses.asScimError(e, caller.requestId()));
        }
        ObjectNode out = JSON.objectNode();
        out.put("method", op.method());
        if (op.bulkId() != null) {
            out.put("bulkId", op.bulkId());
        }
        if (written != null) {
            String writtenId = written.id().toString();
            if (op.bulkId() != null && op.method().equals("POST")) {
                createdIds.put(op.bulkId(), writtenId);
            }
            out.put("location", settings.scimBaseUri(caller.location().id()) + "/" + m.group(1) + "/" + writtenId);
            out.put("version", written.etag());
        }
        out.put("status", String.valueOf(status));
        return out;
    }

    private static ObjectNode failure(Operation op, ScimError error) {
        ObjectNode out = JSON.objectNode();
        out.put("method", op.method());
        if (op.bulkId() != null) {
            out.put("bulkId", op.bulkId());
        }
        out.set("response", ScimResponses.errorBody(error));
        out.put("status", String.valueOf(error.status()));
        return out;
    }

    static String resolve(String text, Map<String, String> createdIds) {
        Matcher m = BULK_ID_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(createdIds.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
