package com.xakia.scim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed properties: values of the wrong type and missing keys stop start-up with the key named. */
@Tag("unit")
class PropertiesTest {

    private static Properties with(String key, String value) {
        DefaultCamelContext context = new DefaultCamelContext();
        java.util.Properties initial = new java.util.Properties();
        initial.setProperty(key, value);
        context.getPropertiesComponent().setInitialProperties(initial);
        return Properties.of(context);
    }

    @Test
    void values_are_read_as_their_type() {
        assertThat(with("k", " 42 ").integer("k")).isEqualTo(42);
        assertThat(with("k", "2.5").decimal("k")).isEqualTo(2.5);
        assertThat(with("k", "TRUE").flag("k")).isTrue();
        assertThat(with("k", "P14D").duration("k")).isEqualTo(Duration.ofDays(14));
        assertThat(with("k", " secret ").raw("k")).isEqualTo(" secret ");
        assertThat(with("k", " text ").text("k")).isEqualTo("text");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"integer, 12x, an integer", "decimal, fast, a number", "flag, yes, true or false",
            "duration, 14 days, an ISO-8601 duration"})
    void a_value_of_the_wrong_type_names_its_key(String type, String value, String expected) {
        Properties p = with("xakia.some-setting", value);
        Function<String, Object> read = switch (type) {
            case "integer" -> p::integer;
            case "decimal" -> p::decimal;
            case "flag" -> p::flag;
            default -> p::duration;
        };
        assertThatThrownBy(() -> read.apply("xakia.some-setting")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xakia.some-setting must be " + expected + (type.equals("duration") ? " (such as P14D)" : "")
                        + ", not \"" + value + "\"");
    }

    @Test
    void a_choice_is_one_of_its_words_exactly() {
        assertThat(with("k", " json ").choice("k", "text", "json")).isEqualTo("json");
        assertThatThrownBy(() -> with("xakia.log.format", "JSON").choice("xakia.log.format", "text", "json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xakia.log.format must be text or json, not \"JSON\"");
    }

    @Test
    void a_key_missing_from_application_properties_is_named() {
        assertThatThrownBy(() -> with("other", "1").integer("xakia.missing"))
                .hasMessage("xakia.missing is missing from application.properties");
    }
}
