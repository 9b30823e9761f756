package com.xakia.scim.endpoint;

import com.xakia.scim.web.RequestIds;

import com.xakia.scim.scim.ScimError;


import com.xakia.scim.scim.Projection;

import com.xakia.scim.scim.QueryLimits;

import com.xakia.scim.scim.Page;

import com.xakia.scim.scim.ScimResource;

import com.xakia.scim.scim.ScimJson;

import com.xakia.scim.location.Caller;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.xakia.scim.config.Settings;
import com.xakia.scim.db.CircuitBreakingDataSource;
import com.xakia.scim.db.ConnectionFailures;
import com.xakia.scim.db.StatementFailures;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last step of every SCIM route: status, headers and an application/scim+json body. */
public final class ScimResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ScimResponses.class);

    /** After a statement timeout: long enough for the burst that caused it to pass. */
    static final int TIMEOUT_RETRY_SECONDS = 5;
    /** A deadlock or serialization failure: the other request is done within a second, so this one can go again. */
    static final int CONCURRENT_CHANGE_RETRY_SECONDS = 1;

    private final Settings settings;
    private final QueryLimits limits;

    public ScimResponses(Settings settings, QueryLimits limits) {
        this.settings = settings;
        this.limits = limits;
    }

    /** 201 with the resource, its Location and ETag. */
    public void created(Exchange exchange) {
        ScimResource resource = exchange.getMessage().getBody(ScimResource.class);
        ObjectNode full = resource.toScim(baseUri(exchange));
        HttpReply.send(exchange, 201, ScimJson.CONTENT_TYPE, ScimJson.writeBytes(projection(exchange).apply(full)), Map.of(
                "Location", full.path("meta").path("location").asText(), "ETag", resource.etag()));
    }

    /** 200 with the resource and its ETag, or 304 when the client's If-None-Match already names it. */
    public void resource(Exchange exchange) {
        String ifNoneMatch = exchange.getMessage().getHeader("If-None-Match", String.class);
        ScimResource resource = exchange.getMessage().getBody(ScimResource.class);
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(resource.etag()))) {
            HttpReply.send(exchange, 304, null, null, Map.of("ETag", resource.etag()));
            return;
        }
        ObjectNode body = projection(exchange).apply(resource.toScim(baseUri(exchange)));
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE, ScimJson.writeBytes(body), Map.of("ETag", resource.etag()));
    }

    /** A group PATCH: 204 (what Entra and Okta expect) unless the client asked for attributes back. */
    public void patched(Exchange exchange) {
        if (exchange.getMessage().getHeader("attributes") != null
                || exchange.getMessage().getHeader("excludedAttributes") != null) {
            resource(exchange);
        } else {
            ScimResource resource = exchange.getMessage().getBody(ScimResource.class);
            HttpReply.send(exchange, 204, null, null, Map.of("ETag", resource.etag()));
        }
    }

    /**
     * 200 with a ListResponse: full resources (unless attributes say otherwise), as Okta's import expects.
     * Every one has the same shape, count=0 and empty results included: totalResults, itemsPerPage, startIndex
     * (index paging; under cursor paging nextCursor instead, RFC 9865) and Resources, empty or not.
     */
    public void list(Exchange exchange) {
        Page page = exchange.getMessage().getBody(Page.class);
        List<? extends ScimResource> found = page.resources() == null ? List.of() : page.resources();
        String base = baseUri(exchange);
        List<ObjectNode> resources = found.stream().map(r -> page.projection().apply(r.toScim(base))).toList();
        ListResponse<ObjectNode> response = page.cursorPaging()
                ? new ListResponse<>(page.totalResults(), null, resources.size(), null, page.nextCursor(), resources)
                : new ListResponse<>(page.totalResults(), page.startIndex(), resources.size(), null, null, resources);
        byte[] body; // written straight from the message to UTF-8: no tree of the whole answer, no String of it
        try {
            body = JsonUtils.getObjectWriter().writeValueAsBytes(response);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE, body, Map.of());
    }

    /** A discovery document or any other ready JSON body. */
    public void json(Exchange exchange) {
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE, ScimJson.write(exchange.getMessage().getBody(ObjectNode.class)),
                Map.of());
    }

    public void noContent(Exchange exchange) {
        HttpReply.send(exchange, 204, null, null, Map.of());
    }

    /** The SCIM error body (RFC 7644 3.12) for whatever a SCIM route threw. */
    public void error(Exchange exchange) {
        ScimError error = asScimError(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), RequestIds.of(exchange));
        HttpReply.send(exchange, error.status(), ScimJson.CONTENT_TYPE, ScimJson.write(errorBody(error)), headers(error));
    }

    private static Map<String, String> headers(ScimError error) {
        if (error.status() == 401) {
            return Map.of("WWW-Authenticate", "Bearer realm=\"xakia-scim\"");
        }
        if (error.retryAfterSeconds() > 0) {
            return Map.of("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        return error.allow() != null ? Map.of("Allow", error.allow()) : Map.of();
    }

    /**
     * What a failure means to a SCIM client: our own errors as they are, database outages, timeouts and
     * refused values as 503 and 400, anything else as a 500 logged under the request id (and never shown).
     */
    public static ScimError asScimError(Throwable thrown, String requestId) {
        if (thrown instanceof ScimError e) {
            return e;
        }
        if (ConnectionFailures.isConnectionFailure(thrown)) {
            LOG.warn("SCIM request {}: a location database is unreachable: {}", requestId, thrown.toString());
            return ScimError.unavailable(CircuitBreakingDataSource.OPEN_SECONDS);
        }
        if (StatementFailures.isTimeout(thrown)) {
            LOG.warn("SCIM request {}: a statement ran past statement_timeout and was cancelled", requestId);
            return ScimError.timedOut(TIMEOUT_RETRY_SECONDS);
        }
        if (StatementFailures.isConcurrentChange(thrown)) {
            LOG.warn("SCIM request {}: rolled back by PostgreSQL for a concurrent change: {}", requestId, firstLine(thrown));
            return ScimError.concurrentChange(CONCURRENT_CHANGE_RETRY_SECONDS);
        }
        if (StatementFailures.isBadValue(thrown)) {
            // one line, no stack trace: the request's data, which the database refused
            LOG.warn("SCIM request {}: the database refused a value: {}", requestId, firstLine(thrown));
            return ScimError.invalidValue("A value in the request cannot be stored or compared (for example a NUL"
                    + " character, a number or date out of range, or a value too large to index).");
        }
        LOG.error("SCIM request {} failed", requestId, thrown);
        return ScimError.of(500, null, "The request could not be completed; it has been logged as " + requestId + ".");
    }

    private static String firstLine(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                String message = String.valueOf(sql.getMessage());
                int newline = message.indexOf('\n');
                return sql.getSQLState() + " " + (newline < 0 ? message : message.substring(0, newline));
            }
        }
        return String.valueOf(thrown);
    }

    /** The SDK's ErrorResponse: schemas, status as a string, scimType where RFC 7644 defines one, detail. */
    public static ObjectNode errorBody(ScimError error) {
        ErrorResponse body = new ErrorResponse(error.status());
        body.setScimType(error.scimType());
        body.setDetail(error.detail());
        return JsonUtils.valueToNode(body);
    }

    private Projection projection(Exchange exchange) {
        return Projection.of(exchange.getMessage().getHeader("attributes", String.class),
                exchange.getMessage().getHeader("excludedAttributes", String.class), limits);
    }

    /** The exchange property holding the base URI answers are relative to, when it is not the caller's location's. */
    public static final String BASE_URI = "scimBaseUri";

    private String baseUri(Exchange exchange) {
        String set = exchange.getProperty(BASE_URI, String.class);
        if (set != null) {
            return set;
        }
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        return settings.scimBaseUri(caller.location().id());
    }
}
