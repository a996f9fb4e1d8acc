package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong nanos = new AtomicLong();
  private final TokenBucket bucket = new TokenBucket(20, 50, nanos::get);

  @Test
  void aFullBucketAllowsTheBurstAndThenRefuses() {
    for (int i = 0; i < 50; i++) {
      assertThat(bucket.tryTake()).as("frame %d", i).isTrue();
    }
    assertThat(bucket.tryTake()).isFalse();
  }

  @Test
  void tokensComeBackAtTheRate() {
    while (bucket.tryTake()) {
      // drain the burst
    }
    nanos.addAndGet(50_000_000); // 50 ms is one token at 20 per second

    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
  }

  @Test
  void aLongPauseRefillsNoMoreThanTheBurst() {
    while (bucket.tryTake()) {
      // drain the burst
    }
    nanos.addAndGet(60_000_000_000L);

    int taken = 0;
    while (bucket.tryTake()) {
      taken++;
    }
    assertThat(taken).isEqualTo(50);
  }
}
