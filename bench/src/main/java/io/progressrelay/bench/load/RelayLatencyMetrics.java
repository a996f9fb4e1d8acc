package io.progressrelay.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's own delivery-latency histogram ({@code relay_delivery_latency_seconds}: Redis receipt
 * to socket write completed), read from its {@code /metrics}. Two readings around a window tell how
 * long the relay itself held that window's frames, apart from the generator and the kernel's socket
 * buffers.
 */
public final class RelayLatencyMetrics {
  private static final String BUCKET = "relay_delivery_latency_seconds_bucket{le=\"";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<Double> boundsSeconds;
  private final List<Long> cumulative;

  private RelayLatencyMetrics(List<Double> boundsSeconds, List<Long> cumulative) {
    this.boundsSeconds = boundsSeconds;
    this.cumulative = cumulative;
  }

  /** Reads the histogram from the relay on {@code port}; null (and says why) when it cannot. */
  public static RelayLatencyMetrics read(int port) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        System.err.println("relay /metrics answered " + response.statusCode());
        return null;
      }
      return parse(response.body());
    } catch (Exception e) {
      System.err.println("cannot read the relay's /metrics: " + e);
      return null;
    }
  }

  static RelayLatencyMetrics parse(String exposition) {
    List<Double> bounds = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(BUCKET)) {
        continue;
      }
      int quote = line.indexOf('"', BUCKET.length());
      String le = line.substring(BUCKET.length(), quote);
      bounds.add(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le));
      counts.add((long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }
    return bounds.isEmpty() ? null : new RelayLatencyMetrics(bounds, counts);
  }

  /**
   * The upper bound, in ms, of the bucket holding the {@code percentile} of the frames written
   * since {@code before}: the relay held that share of them at most this long. NaN when nothing was
   * written or either reading is missing.
   */
  public static double percentileBoundMillis(
      RelayLatencyMetrics before, RelayLatencyMetrics after, double percentile) {
    if (before == null || after == null || before.cumulative.size() != after.cumulative.size()) {
      return Double.NaN;
    }
    int last = after.cumulative.size() - 1;
    long total = after.cumulative.get(last) - before.cumulative.get(last);
    if (total <= 0) {
      return Double.NaN;
    }
    double wanted = total * percentile / 100.0;
    for (int i = 0; i <= last; i++) {
      if (after.cumulative.get(i) - before.cumulative.get(i) >= wanted) {
        return after.boundsSeconds.get(i) * 1000.0;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
