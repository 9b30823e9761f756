package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FailedLoginsTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final FailedLogins failed = new FailedLogins(now::get);

    @Test
    void ten_wrong_tokens_then_one_more_every_six_seconds_per_client() {
        for (int i = 0; i < FailedLogins.ALLOWED; i++) {
            assertThat(failed.retryAfterSeconds("10.0.0.1")).as("attempt " + (i + 1)).isZero();
            failed.failed("10.0.0.1");
        }
        assertThat(failed.retryAfterSeconds("10.0.0.1")).isEqualTo(FailedLogins.REFILL.toSeconds());
        assertThat(failed.retryAfterSeconds("10.0.0.2")).as("another client is not held back").isZero();

        now.addAndGet(FailedLogins.REFILL.toNanos() / 2);
        assertThat(failed.retryAfterSeconds("10.0.0.1")).isEqualTo(FailedLogins.REFILL.toSeconds() / 2);
        now.addAndGet(FailedLogins.REFILL.toNanos() / 2);
        assertThat(failed.retryAfterSeconds("10.0.0.1")).as("one try regained").isZero();
        failed.failed("10.0.0.1");
        assertThat(failed.retryAfterSeconds("10.0.0.1")).isPositive();
    }

    @Test
    void memory_is_bounded_and_addresses_beyond_the_bound_share_one_bucket() {
        for (int i = 0; i < FailedLogins.MAX_CLIENTS; i++) {
            failed.failed("client-" + i);
        }
        for (int i = 0; i < FailedLogins.ALLOWED; i++) {
            failed.failed("sprayed-" + i); // each a new address, all beyond the bound
        }
        assertThat(failed.retryAfterSeconds("sprayed-next")).as("new addresses share the spent overflow bucket").isPositive();
        assertThat(failed.retryAfterSeconds("client-1")).as("known clients keep their own count").isZero();

        now.addAndGet(FailedLogins.REFILL.toNanos() * FailedLogins.ALLOWED); // every bucket refills
        failed.failed("newcomer");
        assertThat(failed.retryAfterSeconds("newcomer")).as("refilled buckets made room").isZero();
        assertThat(failed.retryAfterSeconds("sprayed-next")).isZero();
    }
}
