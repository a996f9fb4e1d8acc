package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  @Test
  void doublesTheCeilingFromTheInitialWaitUpToTheCapAndStartsOverAfterAReset() {
    var backoff =
        new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), ceiling -> ceiling);

    long[] ceilings = LongStream.range(0, 10).map(i -> backoff.nextDelayMillis()).toArray();
    backoff.reset();

    assertThat(ceilings)
        .containsExactly(100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000);
    assertThat(backoff.nextDelayMillis()).isEqualTo(100);
  }

  @Test
  void fullJitterWaitsAnythingFromZeroToTheCeiling() {
    var backoff =
        new ReconnectBackoff(
            Duration.ofMillis(100), Duration.ofMillis(100), ReconnectBackoff.FULL_JITTER);

    long[] delays = LongStream.range(0, 1_000).map(i -> backoff.nextDelayMillis()).toArray();

    assertThat(LongStream.of(delays).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    assertThat(LongStream.of(delays).max().orElseThrow()).isLessThanOrEqualTo(100);
    assertThat(LongStream.of(delays).distinct().count()).isGreaterThan(50);
  }

  @Test
  void neverOverflowsAfterManyAttempts() {
    var backoff =
        new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), ceiling -> ceiling);

    long last = LongStream.range(0, 200).map(i -> backoff.nextDelayMillis()).max().orElseThrow();

    assertThat(last).isEqualTo(10_000);
  }
}
