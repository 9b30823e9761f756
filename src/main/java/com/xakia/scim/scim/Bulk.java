package com.xakia.scim.scim;

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
import com.xakia.scim.Settings;
import com.xakia.scim.web.AuthorizationHeader;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * POST /Bulk (RFC 7644 3.7). Each operation runs through the same route as its single request (so the
 * same checks, transactions and audit rows apply), in order; an operation that refers to another by
 * {@code bulkId:<id>} waits until that one has run. Advertised limits are enforced with 413.
 */
public final class Bulk {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern BULK_ID_REF = Pattern.compile("bulkId:([A-Za-z0-9._~-]+)");
    private static final Pattern PATH = Pattern.compile("/(Users|Groups)(?:/([^/?]+))?");

    private final Settings settings;
    private final ProducerTemplate template;

    public Bulk(Settings settings, ProducerTemplate template) {
        this.settings = settings;
        this.template = template;
    }

    /** @param references the bulkIds it refers to, in order of appearance, found once */
    private record Operation(int index, String method, String bulkId, String path, JsonNode data, String version,
                             List<String> references) {}

    /**
     * The operations of one request, each run as soon as what it refers to has run: in request order,
     * except that an operation waiting for a bulkId is parked under it and runs right after the operation
     * that creates it. Each operation is looked at once per reference it has, so the order costs time
     * linear in the request (re-scanning every waiting operation after each step was quadratic: a
     * 1,000-operation chain in reverse order took 4.5 s).
     */
    private final class Run {
        private final Exchange exchange;
        private final List<Operation> operations;
        private final int failOnErrors;
        private final ObjectNode[] results;
        private final int[] resolved;                                     // per operation: references known to have run
        private final Map<String, String> createdIds = new HashMap<>();   // bulkId -> id
        private final Set<String> failed = new HashSet<>();               // bulkIds whose operation failed
        private final Map<String, List<Operation>> waiting = new HashMap<>(); // bulkId -> operations parked on it
        private final Deque<Operation> woken = new ArrayDeque<>();
        private int errors;

        Run(Exchange exchange, List<Operation> operations, int failOnErrors) {
            this.exchange = exchange;
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
                    : run(exchange, op, createdIds);
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

    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
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
        ObjectNode[] results = new Run(exchange, all, failOnErrors).all();
        ObjectNode response = JSON.objectNode();
        response.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        ArrayNode out = response.putArray("Operations");
        for (ObjectNode result : results) {
            if (result != null) {
                out.add(result);
            }
        }
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE, ScimJson.write(response), Map.of());
    }

    private static Operation operation(int index, JsonNode node) {
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

    /** Runs one operation through its direct: route with the caller's own credentials. */
    private ObjectNode run(Exchange bulk, Operation op, Map<String, String> createdIds) {
        String path = resolve(op.path(), createdIds);
        Matcher m = PATH.matcher(path);
        if (!m.matches() || (op.method().equals("POST") == (m.group(2) != null))) {
            return failure(op, ScimError.invalidSyntax("POST takes /Users or /Groups; PUT, PATCH and DELETE take /Users/{id} or /Groups/{id}."));
        }
        String resource = m.group(1).toLowerCase(Locale.ROOT);
        String action = switch (op.method()) {
            case "POST" -> "create";
            case "PUT" -> "replace";
            case "PATCH" -> "patch";
            default -> "delete";
        };
        String data = op.data() == null ? null : resolve(op.data().toString(), createdIds);
        Exchange result = template.send("direct:scim-" + resource + "-" + action, e -> {
            e.getMessage().setHeader("location", bulk.getMessage().getHeader("location"));
            e.getMessage().setHeader(AuthorizationHeader.NAME, AuthorizationHeader.of(bulk));
            e.getMessage().setHeader("X-Request-Id", RequestIds.of(bulk));
            if (m.group(2) != null) {
                e.getMessage().setHeader("id", m.group(2));
            }
            if (op.version() != null) {
                e.getMessage().setHeader("If-Match", op.version());
            }
            e.getMessage().setBody(data);
        });
        int status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
        ObjectNode out = JSON.objectNode();
        out.put("method", op.method());
        if (op.bulkId() != null) {
            out.put("bulkId", op.bulkId());
        }
        String location = result.getMessage().getHeader("Location", String.class);
        if (status < 300) {
            JsonNode created = status == 204 || status == 200 && op.method().equals("DELETE") ? null
                    : ScimJson.parseStored(result.getMessage().getBody(String.class));
            if (created != null) {
                location = created.path("meta").path("location").asText(location);
                if (op.bulkId() != null && created.hasNonNull("id")) {
                    createdIds.put(op.bulkId(), created.get("id").asText());
                }
            }
            if (location != null) {
                out.put("location", location);
            }
            String etag = result.getMessage().getHeader("ETag", String.class);
            if (etag != null) {
                out.put("version", etag);
            }
        } else {
            out.set("response", ScimJson.parseStored(result.getMessage().getBody(String.class)));
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

    private static String resolve(String text, Map<String, String> createdIds) {
        Matcher m = BULK_ID_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(createdIds.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
