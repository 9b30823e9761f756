package com.xakia.scim.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's properties as typed values, for the settings records to bind once at start. Every
 * default lives in application.properties and nowhere else: a key missing there is a packaging error, and a
 * value that is not of its type stops start-up with a message naming the key, never a silent fallback.
 */
public final class Properties {

    private final PropertiesComponent properties;

    private Properties(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Properties of(CamelContext context) {
        return new Properties(context.getPropertiesComponent());
    }

    /** The value as written, surrounding spaces kept (passwords). */
    public String raw(String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException(key + " is missing from application.properties"));
    }

    public String text(String key) {
        return raw(key).trim();
    }

    public int integer(String key) {
        return parsed(key, "an integer", Integer::parseInt);
    }

    public long number(String key) {
        return parsed(key, "an integer", Long::parseLong);
    }

    public double decimal(String key) {
        return parsed(key, "a number", Double::parseDouble);
    }

    public boolean flag(String key) {
        return parsed(key, "true or false", value -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(value);
            }
            return Boolean.parseBoolean(value);
        });
    }

    /** One of the given words, exactly as written there. */
    public String choice(String key, String... allowed) {
        String value = text(key);
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(key + " must be " + String.join(" or ", allowed) + ", not \"" + value + "\"");
        }
        return value;
    }

    /** An ISO-8601 duration such as P14D or PT30S. */
    public Duration duration(String key) {
        return parsed(key, "an ISO-8601 duration (such as P14D)", Duration::parse);
    }

    private <T> T parsed(String key, String what, Function<String, T> parser) {
        String value = text(key);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be " + what + ", not \"" + value + "\"");
        }
    }
}
