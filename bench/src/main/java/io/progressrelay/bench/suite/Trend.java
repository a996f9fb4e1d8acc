package io.progressrelay.bench.suite;

/**
 * A least-squares straight line through a series of readings taken over time: its slope per hour,
 * and its level at the first and last reading, so that a slope can be read against the level.
 *
 * @param perHour the slope, in the readings' unit per hour (NaN with fewer than two readings)
 * @param first the line's value at the first reading
 * @param last the line's value at the last reading
 * @param readings how many readings the line was fitted to
 */
record Trend(double perHour, double first, double last, int readings) {

  /** The line through {@code values} read at {@code seconds}; both the same length. */
  static Trend fit(double[] seconds, double[] values) {
    int n = seconds.length;
    if (n != values.length) {
      throw new IllegalArgumentException(n + " times for " + values.length + " values");
    }
    if (n < 2) {
      double only = n == 1 ? values[0] : Double.NaN;
      return new Trend(Double.NaN, only, only, n);
    }
    double meanT = 0;
    double meanV = 0;
    for (int i = 0; i < n; i++) {
      meanT += seconds[i] / n;
      meanV += values[i] / n;
    }
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      covariance += (seconds[i] - meanT) * (values[i] - meanV);
      variance += (seconds[i] - meanT) * (seconds[i] - meanT);
    }
    double perSecond = variance == 0 ? Double.NaN : covariance / variance;
    double intercept = meanV - perSecond * meanT;
    return new Trend(
        perSecond * 3600,
        intercept + perSecond * seconds[0],
        intercept + perSecond * seconds[n - 1],
        n);
  }

  /** The same line in another unit: every value times {@code factor}. */
  Trend scaled(double factor) {
    return new Trend(perHour * factor, first * factor, last * factor, readings);
  }

  /**
   * How much the line would move over an hour, as a share of its mean level: 0.05 is 5 % an hour.
   */
  double relativePerHour() {
    double level = (first + last) / 2;
    return level == 0 ? Double.NaN : perHour / Math.abs(level);
  }
}
