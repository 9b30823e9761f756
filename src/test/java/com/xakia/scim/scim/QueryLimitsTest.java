package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.xakia.scim.user.UserAttributes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The size checks that run before a filter or path reaches the SDK's parser: pure logic, in milliseconds. */
@Tag("unit")
class QueryLimitsTest {

    /** The defaults of application.properties (a test of the running app checks they are what it uses). */
    static final QueryLimits DEFAULTS = new QueryLimits(1000, 4096, 200, 16, 64, 2048);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "a"                                                    | 1 | 0
            userName pr                                                        | 1 | 0
            userName eq "x" or title co "y" and active eq true                 | 5 | 0
            userName eq "a or b and not (c)"                                   | 1 | 0
            userName eq "escaped \\" or still the value"                       | 1 | 0
            not (userName eq "a")                                              | 2 | 1
            emails[type eq "work" and value co "@x"]                           | 3 | 1
            emails[type eq "work"].value eq "a@b.c"                            | 2 | 1
            ((userName eq "a") or (title eq "b"))                              | 3 | 2
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Legal" | 1 | 0
            meta.lastModified gt "2011-05-13T04:42:34Z"                         | 1 | 0
            USERNAME EQ "a" OR TITLE SW "b"                                    | 3 | 0
            unclosed eq "no end or and not                                     | 1 | 0
            """)
    void counts_terms_and_depth_outside_quoted_strings(String filter, int terms, int depth) {
        assertThat(FilterShape.of(filter)).isEqualTo(new FilterShape(terms, depth));
    }

    @Test
    void a_filter_over_a_limit_is_an_invalid_filter_naming_the_limit_and_its_setting() {
        assertThatThrownBy(() -> DEFAULTS.checkFilter("userName eq \"" + "x".repeat(5000) + "\""))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                    assertThat(e.detail()).contains("5014 characters", "at most 4096", "XAKIA_SCIM_FILTER_MAX_LENGTH");
                });
        assertThatThrownBy(() -> DEFAULTS.checkFilter(orChain(101)))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.detail())
                        .contains("201 terms", "at most 200", "XAKIA_SCIM_FILTER_MAX_TERMS"));
        assertThatThrownBy(() -> DEFAULTS.checkFilter("not (".repeat(17) + "userName pr" + ")".repeat(17)))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.detail())
                        .contains("nests 17 levels", "at most 16", "XAKIA_SCIM_FILTER_MAX_DEPTH"));
        DEFAULTS.checkFilter(orChain(100));
        DEFAULTS.checkFilter("not (".repeat(16) + "userName pr" + ")".repeat(16));
        DEFAULTS.checkFilter(null);
    }

    @Test
    void attributes_over_a_limit_are_an_invalid_value_and_paths_an_invalid_path() {
        String many = IntStream.range(0, 65).mapToObj(i -> "a" + i).collect(Collectors.joining(","));
        assertThatThrownBy(() -> Projection.of(many, null, DEFAULTS))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.detail()).contains("attributes names 65", "at most 64", "XAKIA_SCIM_MAX_ATTRIBUTES");
                });
        assertThatThrownBy(() -> Projection.of(null, "x".repeat(2049), DEFAULTS))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.detail())
                        .contains("excludedAttributes is 2049", "XAKIA_SCIM_ATTRIBUTES_MAX_LENGTH"));
        assertThatThrownBy(() -> Projection.of("emails[" + String.join(" or ", java.util.Collections.nCopies(101, "type pr")) + "]", null, DEFAULTS))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.detail()).contains("XAKIA_SCIM_FILTER_MAX_TERMS"));
        assertThatThrownBy(() -> DEFAULTS.checkPath("The PATCH path", "emails[" + "(".repeat(20) + "type eq \"w\"" + ")".repeat(20) + "]"))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidPath");
                    assertThat(e.detail()).startsWith("The PATCH path nests 21 levels");
                });
        assertThat(Projection.of("userName,name.givenName,emails[type eq \"work\"]", "groups", DEFAULTS).isAll()).isFalse();
    }

    @Test
    void what_is_accepted_parses_and_translates_in_time_linear_in_its_size() {
        // The largest filter the default terms limit accepts (100 comparisons, 99 "or"s), against a quarter of it.
        String largest = orChain(100);
        String quarter = orChain(25);
        assertThat(largest.length()).isLessThanOrEqualTo(DEFAULTS.filterMaxLength());
        DEFAULTS.checkFilter(largest);
        for (int i = 0; i < 300; i++) { // JIT warm-up
            ScimFilter.toSql(largest, UserAttributes.INSTANCE);
            ScimFilter.toSql(quarter, UserAttributes.INSTANCE);
        }
        // Interleaved, so a burst of load from elsewhere on the machine falls on both alike.
        int runs = 201;
        long[] largestNanos = new long[runs];
        long[] quarterNanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            largestNanos[i] = nanos(largest);
            quarterNanos[i] = nanos(quarter);
        }
        double perLargest = median(largestNanos) / largest.length();
        double perQuarter = median(quarterNanos) / quarter.length();
        assertThat(perLargest).as("ns per character: largest %.1f (%d characters), a quarter of it %.1f",
                perLargest, largest.length(), perQuarter).isLessThan(2.0 * perQuarter);
    }

    private static long nanos(String filter) {
        long started = System.nanoTime();
        ScimFilter.toSql(filter, UserAttributes.INSTANCE);
        return System.nanoTime() - started;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code userName eq "user0@example.com" or …}: n comparisons, n - 1 "or"s. */
    static String orChain(int n) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            terms.add("userName eq \"user" + i + "@example.com\"");
        }
        return String.join(" or ", terms);
    }
}
