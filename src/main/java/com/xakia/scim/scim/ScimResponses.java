package com.xakia.scim.scim;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.Settings;
import com.xakia.scim.db.CircuitBreakingDataSource;
import com.xakia.scim.db.ConnectionFailures;
import com.xakia.scim.user.UserPage;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last step of every SCIM route: status, headers and an application/scim+json body. */
public final class ScimResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ScimResponses.class);

    private final Settings settings;

    public ScimResponses(Settings settings) {
        this.settings = settings;
    }

    /** 201 with the resource, its Location and ETag. */
    public void created(Exchange exchange) {
        UserRecord user = exchange.getMessage().getBody(UserRecord.class);
        ObjectNode resource = UserResources.toScim(user, baseUri(exchange));
        HttpReply.send(exchange, 201, ScimJson.CONTENT_TYPE, ScimJson.write(resource), Map.of(
                "Location", resource.path("meta").path("location").asText(), "ETag", user.etag()));
    }

    /** 200 with the resource and its ETag, or 304 when the client's If-None-Match already names it. */
    public void resource(Exchange exchange) {
        String ifNoneMatch = exchange.getMessage().getHeader("If-None-Match", String.class);
        UserRecord user = exchange.getMessage().getBody(UserRecord.class);
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(user.etag()))) {
            HttpReply.send(exchange, 304, null, null, Map.of("ETag", user.etag()));
            return;
        }
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE,
                ScimJson.write(UserResources.toScim(user, baseUri(exchange))), Map.of("ETag", user.etag()));
    }

    /** 200 with a ListResponse: full resources, as Okta's import and matching expect. */
    public void list(Exchange exchange) {
        UserPage page = exchange.getMessage().getBody(UserPage.class);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ScimJson.LIST_RESPONSE);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", page.startIndex());
        body.put("itemsPerPage", page.users().size());
        ArrayNode resources = body.putArray("Resources");
        String base = baseUri(exchange);
        page.users().forEach(u -> resources.add(UserResources.toScim(u, base)));
        HttpReply.send(exchange, 200, ScimJson.CONTENT_TYPE, ScimJson.write(body), Map.of());
    }

    public void noContent(Exchange exchange) {
        HttpReply.send(exchange, 204, null, null, Map.of());
    }

    /** The SCIM error body (RFC 7644 3.12) for whatever a SCIM route threw. */
    public void error(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ScimError error = thrown instanceof ScimError e ? e : null;
        if (error == null && ConnectionFailures.isConnectionFailure(thrown)) {
            LOG.warn("SCIM request {}: a location database is unreachable: {}", RequestIds.of(exchange), thrown.toString());
            error = ScimError.unavailable(CircuitBreakingDataSource.OPEN_SECONDS);
        }
        if (error == null) {
            LOG.error("SCIM request {} failed", RequestIds.of(exchange), thrown);
            error = ScimError.of(500, null, "The request could not be completed; it has been logged as "
                    + RequestIds.of(exchange) + ".");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ScimJson.ERROR);
        body.put("status", String.valueOf(error.status()));
        if (error.scimType() != null) {
            body.put("scimType", error.scimType());
        }
        body.put("detail", error.detail());
        Map<String, String> headers = error.status() == 401 ? Map.of("WWW-Authenticate", "Bearer realm=\"xakia-scim\"")
                : error.retryAfterSeconds() > 0 ? Map.of("Retry-After", String.valueOf(error.retryAfterSeconds()))
                : Map.of();
        HttpReply.send(exchange, error.status(), ScimJson.CONTENT_TYPE, ScimJson.write(body), headers);
    }

    private String baseUri(Exchange exchange) {
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        return settings.scimBaseUri(caller.location().id());
    }
}
