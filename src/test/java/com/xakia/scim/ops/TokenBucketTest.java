package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void take_refuses_with_the_wait_once_empty_and_refills_one_per_period() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(3), 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(3);
        assertThat(bucket.secondsUntilFree(3 * SECOND / 2)).isEqualTo(2); // half a token back: 1.5 s to go, rounded up
        assertThat(bucket.take(3 * SECOND)).isZero();
        assertThat(bucket.full(9 * SECOND)).isTrue();
    }

    @Test
    void charge_goes_into_debt_and_spend_stops_at_empty() {
        TokenBucket charged = TokenBucket.perSecond(1, 1, 0);
        charged.charge(0);
        charged.charge(0);
        assertThat(charged.secondsUntilFree(0)).isEqualTo(2); // one token owed, one to come
        TokenBucket spent = TokenBucket.perSecond(1, 1, 0);
        spent.spend(0);
        spent.spend(0);
        assertThat(spent.secondsUntilFree(0)).isEqualTo(1);
    }
}
