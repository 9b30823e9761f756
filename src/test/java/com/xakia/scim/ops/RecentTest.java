package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RecentTest {

    @Test
    void the_value_is_worked_out_once_per_time_to_live_however_often_it_is_asked_for() {
        AtomicLong now = new AtomicLong(1_000);
        AtomicInteger rounds = new AtomicInteger();
        Recent<Integer> recent = new Recent<>(rounds::incrementAndGet, Duration.ofNanos(100), now::get);

        assertThat(recent.get()).isEqualTo(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(recent.get()).isEqualTo(1);
        }
        now.addAndGet(99);
        assertThat(recent.get()).as("just inside the time to live").isEqualTo(1);
        now.addAndGet(1);
        assertThat(recent.get()).as("at the time to live").isEqualTo(2);
        assertThat(rounds).hasValue(2);
    }
}
