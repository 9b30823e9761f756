package com.xakia.scim.invite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long the outbox waits before an invitation's next attempt: doubling from the base delay, capped. */
@Tag("unit")
class InvitationSettingsTest {

    static InvitationSettings retries(long delayMs, long maxDelayMs) {
        return new InvitationSettings("smtp.example", 587, "user", "secret", true, 10_000, "from@example",
                Duration.ofDays(14), delayMs, maxDelayMs, 8);
    }

    @ParameterizedTest(name = "base {0} ms, cap {1} ms, after {2} attempts → {3} ms")
    @CsvSource(textBlock = """
            30000,  3600000,   1,     30000
            30000,  3600000,   2,     60000
            30000,  3600000,   3,    120000
            30000,  3600000,   7,   1920000
            30000,  3600000,   8,   3600000
            30000,  3600000, 100,   3600000
            30000,  3600000, 2147483647, 3600000
            30000,  3600000,   0,     30000
            30000,  3600000,  -3,     30000
            1000,   1000,      5,      1000
            5000,   1000,      1,      1000
            1, 9223372036854775807, 41, 1099511627776
            1, 9223372036854775807, 60, 1099511627776
            """)
    void the_delay_doubles_per_failed_attempt_up_to_the_cap(long delayMs, long maxDelayMs, int attemptsSoFar, long expected) {
        assertThat(retries(delayMs, maxDelayMs).retryDelayAfter(attemptsSoFar)).isEqualTo(expected);
    }

    @Test
    void six_hours_of_outage_cost_twelve_attempts_not_hundreds() {
        InvitationSettings settings = retries(30_000, 3_600_000);
        long waited = 0;
        int attempts = 0;
        while (waited < Duration.ofHours(6).toMillis()) {
            waited += settings.retryDelayAfter(++attempts);
        }
        assertThat(attempts).isEqualTo(12);
    }

    @Test
    void the_smtp_password_is_never_printed() {
        assertThat(retries(1, 1).toString()).doesNotContain("secret").contains("smtp.example:587");
    }
}
