package com.xakia.scim.endpoint;

import com.xakia.scim.scim.ScimError;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.spi.RestRegistry.RestService;

/**
 * A request under /scim/v2 that no REST verb of routes/scim-api.camel.yaml takes (the catch-all route
 * scim-unrouted): 405 naming the methods its path does take, else 404. Both as SCIM errors, where the HTTP
 * server would answer an HTML page or an empty 405. Nothing is authenticated first: the answer depends on
 * the path alone, so it tells nobody anything about locations or keys.
 */
public final class Unrouted {

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    public void refuse(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        // The REST DSL's own registry of verbs, so this list cannot drift from the routes.
        Set<String> allowed = new TreeSet<>();
        for (RestService verb : exchange.getContext().getRestRegistry().listAllRestServices()) {
            if (pattern(verb.getBasePath() + verb.getUriTemplate()).matcher(path).matches()) {
                allowed.add(verb.getMethod().toUpperCase(Locale.ROOT));
            }
        }
        if (allowed.isEmpty()) {
            throw ScimError.notFound("There is no SCIM endpoint at this path. Under a SCIM base URI"
                    + " (/scim/v2/<locationId>) they are /Users, /Groups, /ServiceProviderConfig, /ResourceTypes,"
                    + " /Schemas, /Bulk and /.search.");
        }
        throw ScimError.methodNotAllowed(method, allowed);
    }

    /** "/scim/v2/{location}/Users/{id}" → a pattern where each {parameter} is one path segment. */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int literal = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literal, parameter.start()))).append("[^/]+");
            literal = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(literal))).toString());
    }
}
