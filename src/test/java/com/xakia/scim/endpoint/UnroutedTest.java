package com.xakia.scim.endpoint;


import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request paths a REST DSL template covers, for the Allow header of a 405. */
class UnroutedTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "/scim/v2/{location}/Users,          /scim/v2/abc/Users,          true",
        "/scim/v2/{location}/Users/{id},     /scim/v2/abc/Users/x-1,      true",
        "/scim/v2/{location}/Users/.search,  /scim/v2/abc/Users/.search,  true",
        "/scim/v2/{location}/Users/.search,  /scim/v2/abc/Users/xsearch,  false",
        "/scim/v2/{location}/Users/{id},     /scim/v2/abc/Users/x/y,      false",
        "/scim/v2/{location}/Users,          /scim/v2/abc/Users/,         false",
        "/scim/v2/{location}/Users,          /scim/v2//Users,             false",
        "/scim/v2/{location}/Schemas/{urn},  /scim/v2/abc/Schemas/urn:a:b, true",
    })
    void a_parameter_is_one_path_segment_and_the_rest_is_literal(String template, String path, boolean matches) {
        assertThat(Unrouted.pattern(template).matcher(path).matches()).isEqualTo(matches);
    }
}
