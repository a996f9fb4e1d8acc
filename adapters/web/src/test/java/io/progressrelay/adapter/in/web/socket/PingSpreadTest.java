package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PingSpreadTest {
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  @Test
  void theFirstPingComesWithinTheLastQuarterOfTheInterval() {
    IntStream.range(0, 10_000)
        .mapToObj(i -> PingSpread.firstDelay(INTERVAL))
        .forEach(delay -> assertThat(delay).isBetween(Duration.ofMillis(22_500), INTERVAL));
  }

  @Test
  void socketsThatConnectTogetherArePingedAtDifferentTimes() {
    var delays =
        IntStream.range(0, 1_000)
            .mapToLong(i -> PingSpread.firstDelay(INTERVAL).toMillis())
            .summaryStatistics();

    // A thousand sockets spread over most of the 7.5 s window rather than in one burst.
    assertThat(delays.getMax() - delays.getMin()).isGreaterThan(6_000);
  }
}
