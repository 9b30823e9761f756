package com.xakia.scim.ops;

import com.xakia.scim.web.RequestIds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.xakia.scim.scim.Projection;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ScimError;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The first step of every SCIM request (interceptFrom of the scim-errors route configuration): notes
 * what the request log needs while the request headers are still there, puts the request id in the
 * logging context ({@link RequestContext}), and decodes the body as strict UTF-8 so malformed bytes are
 * a 400 rather than silently replaced characters stored in a user.
 */
public final class ScimRequestGuard {

    private final QueryLimits limits;

    public ScimRequestGuard(QueryLimits limits) {
        this.limits = limits;
    }

    public void begin(Exchange exchange) {
        Message in = exchange.getMessage();
        // Only a request from the wire is logged and timed: a route driven without HTTP (a test of the
        // route itself) has no request to log.
        if (isFromTheWire(exchange) && exchange.getProperty(ScimRequest.PROPERTY) == null) {
            String requestId = RequestIds.of(exchange);
            exchange.setProperty(ScimRequest.PROPERTY, new ScimRequest(
                    in.getHeader(Exchange.HTTP_METHOD, String.class),
                    ScimRequest.withoutQueryValues(in.getHeader(Exchange.HTTP_URI, String.class)),
                    ScimRequestObserver.operation(exchange.getUnitOfWork().getRoute().getRouteId()),
                    requestId, System.nanoTime()));
            RequestContext.begin(exchange, requestId);
        }
        // attributes/excludedAttributes shape the answer of writes too: refused before anything is written
        Projection.of(in.getHeader("attributes", String.class), in.getHeader("excludedAttributes", String.class), limits);
        byte[] body = bytes(in);
        if (body != null) {
            in.setBody(strictUtf8(body));
        }
    }

    /**
     * The raw body, read directly: a GET has none, and a POST's arrives as a stream cache. Asking Camel
     * for byte[] made it search its whole converter registry on every request (for a missing body it
     * tries to convert the message itself): 11-18% of the CPU in the JFR profiles of creates and lookups.
     */
    private static byte[] bytes(Message in) {
        Object body = in.getBody();
        if (body == null || body instanceof byte[]) {
            return (byte[]) body;
        }
        if (body instanceof InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw ScimError.invalidSyntax("The request body could not be read.");
            }
        }
        if (body instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        return in.getBody(byte[].class);
    }

    /** False for an exchange sent to a route without HTTP: it carries no HTTP method. */
    public static boolean isFromTheWire(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD) != null;
    }

    static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ScimError.invalidSyntax("The request body is not valid UTF-8.");
        }
    }
}
