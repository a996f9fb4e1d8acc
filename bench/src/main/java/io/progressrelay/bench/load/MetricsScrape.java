package io.progressrelay.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One reading of a relay's {@code /metrics}, from which any meter is summed over its labels; an
 * empty reading (every meter 0, {@link #present()} false) when the server has no such page.
 */
public final class MetricsScrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String exposition;

  private MetricsScrape(String exposition) {
    this.exposition = exposition;
  }

  /** Reads the page of the server on {@code port}. */
  public static MetricsScrape read(int port) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new MetricsScrape(response.statusCode() == 200 ? response.body() : null);
    } catch (Exception e) {
      return new MetricsScrape(null);
    }
  }

  /** Whether the server answered its metrics page. */
  public boolean present() {
    return exposition != null;
  }

  /** Whether the page has any series of meter {@code name}. */
  public boolean has(String name) {
    return exposition != null
        && (exposition.contains("\n" + name + " ") || exposition.contains("\n" + name + "{"));
  }

  /** The value of one series, labels included as exposed ({@code name{label="value"}}), or 0. */
  public double series(String series) {
    if (exposition == null) {
      return 0;
    }
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** The sum of every series of meter {@code name}, whatever its labels; 0 when there is none. */
  public double value(String name) {
    if (exposition == null) {
      return 0;
    }
    double sum = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }
}
