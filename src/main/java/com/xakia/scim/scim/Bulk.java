package com.xakia.scim.scim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private record Operation(int index, String method, String bulkId, String path, JsonNode data, String version) {}

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

        List<Operation> pending = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            pending.add(operation(i, operations.get(i)));
        }
        Map<String, String> createdIds = new HashMap<>();   // bulkId -> id
        Map<String, Boolean> failed = new HashMap<>();       // bulkId -> true when its operation failed
        ObjectNode[] results = new ObjectNode[pending.size()];
        int errors = 0;
        boolean progress = true;
        while (!pending.isEmpty() && progress && errors < failOnErrors) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext() && errors < failOnErrors; ) {
                Operation op = it.next();
                String unresolved = firstUnresolved(op, createdIds, failed);
                if (unresolved != null && !failed.containsKey(unresolved)) {
                    continue; // its reference has not run yet
                }
                it.remove();
                progress = true;
                ObjectNode result = unresolved != null
                        ? failure(op, ScimError.of(409, null, "bulkId:" + unresolved + " refers to an operation that failed."))
                        : run(exchange, op, createdIds);
                results[op.index()] = result;
                boolean ok = result.get("status").asText().startsWith("2");
                if (!ok) {
                    errors++;
                }
                if (op.bulkId() != null && !ok) {
                    failed.put(op.bulkId(), true);
                }
            }
        }
        for (Operation op : pending) { // left over: references that can never resolve (a cycle), unless stopped early
            if (errors < failOnErrors) {
                results[op.index()] = failure(op, ScimError.of(409, null, "Circular or unknown bulkId reference."));
            }
        }
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
        return new Operation(index, method, bulkId, path, node.get("data"), node.hasNonNull("version") ? node.get("version").asText() : null);
    }

    private static String firstUnresolved(Operation op, Map<String, String> createdIds, Map<String, Boolean> failed) {
        Matcher m = BULK_ID_REF.matcher(op.path() + " " + (op.data() == null ? "" : op.data().toString()));
        while (m.find()) {
            if (!createdIds.containsKey(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
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
