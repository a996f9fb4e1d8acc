package io.progressrelay.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrendTest {

  @Test
  void aSteadyRiseIsItsSlopePerHour() {
    // 10 MB more every 10 minutes: 60 MB an hour.
    var trend = Trend.fit(new double[] {0, 600, 1200, 1800}, new double[] {100, 110, 120, 130});

    assertThat(trend.perHour()).isCloseTo(60, within(1e-9));
    assertThat(trend.first()).isCloseTo(100, within(1e-9));
    assertThat(trend.last()).isCloseTo(130, within(1e-9));
    assertThat(trend.relativePerHour()).isCloseTo(60 / 115.0, within(1e-9));
  }

  @Test
  void noiseEvenlyAroundALevelIsFlat() {
    var trend = Trend.fit(new double[] {0, 10, 20, 30}, new double[] {50, 52, 52, 50});

    assertThat(trend.perHour()).isCloseTo(0, within(1e-9));
    assertThat(trend.first()).isCloseTo(51, within(1e-9));
  }

  @Test
  void aFewReadingsOffTheLineStillGiveTheLeastSquaresSlope() {
    // Deviations of time -25..25 against -1/+1 alternating: covariance 30, variance 1,750.
    var trend =
        Trend.fit(new double[] {0, 10, 20, 30, 40, 50}, new double[] {50, 52, 50, 52, 50, 52});

    assertThat(trend.perHour()).isCloseTo(30.0 / 1750 * 3600, within(1e-9));
    assertThat(trend.first()).isCloseTo(51 - 30.0 / 1750 * 25, within(1e-9));
  }

  @Test
  void oneReadingHasNoSlope() {
    var trend = Trend.fit(new double[] {5}, new double[] {7});

    assertThat(trend.perHour()).isNaN();
    assertThat(trend.first()).isEqualTo(7);
  }
}
