package com.xakia.scim.admin;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.apache.camel.Exchange;
import org.apache.camel.component.jackson.JacksonDataFormat;

/**
 * The JSON data format of the admin API's REST binding (camel.rest.json-data-format names this class; Camel
 * makes one per operation and direction). Two things differ from camel-jackson's default:
 * <ul>
 * <li>Reading is strict: a number or boolean is not a string, one JSON value and nothing after it, nesting
 * at most 64 deep. Unknown fields are ignored, as they always were.</li>
 * <li>A body it cannot read does not fail the exchange. The binding runs before the route, so a failure
 * here would answer before the admin token is checked, in Camel's format. The body becomes an
 * {@link AdminBody.Unreadable} instead, which the route's second step (after authentication) turns into
 * the usual {"status": 400, "error"}.</li>
 * </ul>
 */
public final class AdminJson extends JacksonDataFormat {

    /** Thread-safe and never configured further: the binding sets no Jackson options on this format. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule("admin-times").addSerializer(OffsetDateTime.class, new IsoTime()))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    @Override
    protected ObjectMapper createNewObjectMapper() {
        return MAPPER;
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        try {
            return super.unmarshal(exchange, body);
        } catch (JsonProcessingException e) {
            return unreadable(e);
        }
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        try {
            return super.unmarshal(exchange, stream);
        } catch (JsonProcessingException e) {
            return unreadable(e);
        }
    }

    /** A client's mistake becomes a reason to tell it; a mapping our own classes cannot do stays an error. */
    private static AdminBody.Unreadable unreadable(JsonProcessingException e) throws JsonProcessingException {
        if (e instanceof MismatchedInputException wrong) {
            List<JsonMappingException.Reference> path = wrong.getPath();
            return new AdminBody.Unreadable(path.isEmpty() ? "The request body must be one JSON object."
                    : path(path) + " must be " + kind(wrong.getTargetType()) + ".");
        }
        if (e instanceof DatabindException) {
            throw e;
        }
        return new AdminBody.Unreadable("The request body is not valid JSON: " + e.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                out.append('[').append(step.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        } else if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        } else if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    /** Times as the admin API always wrote them: ISO-8601 with the offset they were read with. */
    private static final class IsoTime extends StdSerializer<OffsetDateTime> {
        IsoTime() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
        }
    }
}
