package io.progressrelay.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CostTest {

  @Test
  void instancesThatReceiveMoreThanTheyDeliverGiveBothCostsBack() {
    // 50 µs per delivery and 10 µs per message received, over 10 s windows of 20,000 deliveries.
    var readings =
        Map.of(
            "pattern",
            List.of(step(window(20_000, 20_000, 50, 10)), step(window(20_000, 80_000, 50, 10))),
            "interest",
            List.of(step(window(20_000, 20_000, 50, 10), window(20_000, 20_000, 50, 10))));

    Cost cost = Cost.fit(readings);

    assertThat(cost.perDelivery()).isCloseTo(50, within(1e-6));
    assertThat(cost.perReceived()).isCloseTo(10, within(1e-6));
    assertThat(cost.rmsMicros()).isCloseTo(0, within(1e-6));
    assertThat(cost.samples()).isEqualTo(4);
  }

  @Test
  void idleCpuIsNotChargedToTheEvents() {
    var idle = withIdle(window(20_000, 20_000, 50, 10), 0.1); // 0.1 cores × 10 s: 1 s more CPU
    var busier = withIdle(window(20_000, 60_000, 50, 10), 0.1);

    Cost cost = Cost.fit(Map.of("pattern", List.of(step(idle), step(busier), step(idle))));

    assertThat(cost.perDelivery()).isCloseTo(50, within(1e-6));
    assertThat(cost.perReceived()).isCloseTo(10, within(1e-6));
  }

  @Test
  void withoutInstancesThatReceiveMoreThereIsNoFit() {
    var readings =
        Map.of(
            "interest",
            List.of(step(window(20_000, 20_000, 50, 10)), step(window(20_000, 20_000, 60, 10))));

    assertThat(Cost.fit(readings)).isNull();
  }

  @Test
  void peersWithoutMetricsAreLeftOut() {
    var peer = withReceived(window(20_000, 20_000, 50, 10), Double.NaN);
    var readings =
        Map.of(
            "node_ws", List.of(step(peer)),
            "pattern",
                List.of(
                    step(window(20_000, 20_000, 50, 10)),
                    step(window(20_000, 40_000, 50, 10)),
                    step(window(20_000, 80_000, 50, 10))));

    assertThat(Cost.fit(readings).samples()).isEqualTo(3);
  }

  private static ScaleOutReading.Instance window(
      long delivered, double received, double microsPerDelivery, double microsPerReceived) {
    long cpuNanos = (long) ((delivered * microsPerDelivery + received * microsPerReceived) * 1000);
    return new ScaleOutReading.Instance(
        "relay", 500, delivered, delivered, 0, received, 0, 0, cpuNanos, 0, 10, new Histogram(3));
  }

  private static ScaleOutReading.Instance withIdle(ScaleOutReading.Instance w, double cores) {
    return new ScaleOutReading.Instance(
        w.server(),
        w.users(),
        w.expected(),
        w.delivered(),
        w.reordered(),
        w.received(),
        w.coalesced(),
        w.subscribedChannels(),
        w.cpuNanos() + (long) (cores * w.seconds() * 1e9),
        cores,
        w.seconds(),
        w.latencyMicros());
  }

  private static ScaleOutReading.Instance withReceived(
      ScaleOutReading.Instance w, double received) {
    return new ScaleOutReading.Instance(
        w.server(),
        w.users(),
        w.expected(),
        w.delivered(),
        w.reordered(),
        received,
        w.coalesced(),
        w.subscribedChannels(),
        w.cpuNanos(),
        w.idleCores(),
        w.seconds(),
        w.latencyMicros());
  }

  private static ScaleOutReading step(ScaleOutReading.Instance... instances) {
    return new ScaleOutReading(
        "pattern", instances.length, 2_000, 20_000, 10, List.of(instances), 0, 0, 0, 0, 0);
  }
}
