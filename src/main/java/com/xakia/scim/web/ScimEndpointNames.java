package com.xakia.scim.web;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;

/**
 * SCIM endpoint names in any case: {@code /scim/v2/{location}/users} is {@code /Users}. RFC 7644 writes them
 * in one case, but Microsoft's test collection and some clients use others, and the REST routes (like every
 * Vert.x route) match paths exactly. So the endpoint segment is put in the case the routes declare before the
 * router sees the request. The location and ids are left as sent: ids are caseExact.
 */
final class ScimEndpointNames {

    private static final String BASE = "/scim/v2/";
    /** The segment after the location, as routes/scim-api.camel.yaml declares it. */
    private static final List<String> ENDPOINTS =
            List.of("Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas", "Bulk", ".search");
    /** Endpoints with a /.search of their own. */
    private static final Set<String> SEARCHABLE = Set.of("Users", "Groups");

    private ScimEndpointNames() {}

    static Handler<HttpServerRequest> around(Handler<HttpServerRequest> next) {
        return request -> {
            String path = request.path();
            String canonical = canonical(path);
            // nearly every request is already canonical and is passed on untouched
            if (Objects.equals(canonical, path) || !(request instanceof HttpServerRequestInternal internal)) {
                next.handle(request);
            } else {
                next.handle(new Renamed(internal, path, canonical));
            }
        };
    }

    /** The path with its endpoint names in their declared case. */
    static String canonical(String path) {
        if (path == null || !path.startsWith(BASE)) {
            return path;
        }
        String[] segments = path.split("/", -1); // "", "scim", "v2", location, endpoint, id or .search, ...
        // an organization's base URI is one segment longer: "", "scim", "v2", "organizations", id, endpoint, ...
        int endpoint = segments.length > 3 && segments[3].equals("organizations") ? 5 : 4;
        if (segments.length > endpoint) {
            segments[endpoint] = declared(segments[endpoint], ENDPOINTS);
        }
        if (segments.length == endpoint + 2 && SEARCHABLE.contains(segments[endpoint])) {
            segments[endpoint + 1] = declared(segments[endpoint + 1], List.of(".search"));
        }
        return String.join("/", segments);
    }

    private static String declared(String segment, List<String> names) {
        for (String name : names) {
            if (name.equalsIgnoreCase(segment)) {
                return name;
            }
        }
        return segment;
    }

    /**
     * The request with another path; everything else is the original's. Vert.x's own delegating wrapper is
     * used because HttpServerRequest has some sixty methods, and Vert.x Web's router expects this type.
     */
    private static final class Renamed extends HttpServerRequestWrapper {

        private final String sent;
        private final String canonical;

        Renamed(HttpServerRequestInternal request, String sent, String canonical) {
            super(request);
            this.sent = sent;
            this.canonical = canonical;
        }

        @Override
        public String path() {
            return canonical;
        }

        @Override
        public String uri() {
            return renamed(delegate.uri());
        }

        @Override
        public String absoluteURI() {
            return renamed(delegate.absoluteURI());
        }

        /** The path inside a URI (origin or absolute form) replaced; the query stays as sent. */
        private String renamed(String uri) {
            int at = uri == null ? -1 : uri.indexOf(sent);
            return at < 0 ? uri : uri.substring(0, at) + canonical + uri.substring(at + sent.length());
        }
    }
}
