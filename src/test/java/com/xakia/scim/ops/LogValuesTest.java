package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LogValuesTest {

    @Test
    void control_characters_are_escaped_and_nothing_else_changes() {
        Map<String, String> cases = new LinkedHashMap<>(); // raw → as logged
        cases.put("/scim/v2/abc/Users", "/scim/v2/abc/Users");
        cases.put("/Users\033[31mred", "/Users\\u001b[31mred");
        cases.put("/Users\r\nINFO forged line", "/Users\\u000d\\u000aINFO forged line");
        cases.put("a\0b\177c", "a\\u0000b\\u007fc");
        cases.put("x" + (char) 0x9b + "y", "x\\u009by");
        cases.put("/Users/Zoë", "/Users/Zoë");
        cases.forEach((raw, logged) -> assertThat(LogValues.escape(raw)).as(logged).isEqualTo(logged));
        assertThat(LogValues.escape(null)).isNull();
    }
}
