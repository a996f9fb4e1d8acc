package io.progressrelay.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A relay instance's CPU per delivered event split into {@code perDelivery} µs for each event its
 * users receive and {@code perReceived} µs for each message its listener takes off Redis, fitted
 * over the {@code scale-out} windows by least squares on CPU/delivery = a + b × received/delivered
 * (CPU net of what the instance burns idle).
 */
record Cost(double perDelivery, double perReceived, double rmsMicros, int samples) {

  /** The fit over every relay window, or null when they do not vary in received ÷ delivered. */
  static Cost fit(Map<String, List<ScaleOutReading>> readings) {
    List<double[]> points = new ArrayList<>();
    for (List<ScaleOutReading> steps : readings.values()) {
      for (ScaleOutReading step : steps) {
        for (var instance : step.perInstance()) {
          if (!Double.isNaN(instance.received()) && instance.delivered() > 0) {
            points.add(
                new double[] {
                  instance.received() / instance.delivered(), instance.netCpuMicrosPerDelivery()
                });
          }
        }
      }
    }
    int n = points.size();
    double meanX = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double meanY = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxx = points.stream().mapToDouble(p -> (p[0] - meanX) * (p[0] - meanX)).sum();
    double sxy = points.stream().mapToDouble(p -> (p[0] - meanX) * (p[1] - meanY)).sum();
    if (n < 3 || sxx < 0.5) {
      return null;
    }
    double b = sxy / sxx;
    double a = meanY - b * meanX;
    double squares = points.stream().mapToDouble(p -> Math.pow(p[1] - (a + b * p[0]), 2)).sum();
    return new Cost(a, b, Math.sqrt(squares / n), n);
  }
}
