package io.progressrelay.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The relay's own frame counters from its {@code /metrics}: frames sent, coalesced (a newer
 * progress frame replaced one still queued), rate-limited and dropped ({@code relay_frames_total}
 * by outcome), and socket writes ({@code relay_socket_writes_total}). Between two readings they
 * tell whether frames a window missed were replaced by the relay's policy, and how many frames left
 * in one write.
 */
public record RelayFrames(
    long sent, long coalesced, long rateLimited, long dropped, long socketWrites) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Reads the counters of the relay on {@code port}; null when it cannot. */
  public static RelayFrames read(int port) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  static RelayFrames parse(String exposition) {
    return new RelayFrames(
        value(exposition, "relay_frames_total{outcome=\"sent\"}"),
        value(exposition, "relay_frames_total{outcome=\"coalesced\"}"),
        value(exposition, "relay_frames_total{outcome=\"rate_limited\"}"),
        value(exposition, "relay_frames_total{outcome=\"dropped\"}"),
        value(exposition, "relay_socket_writes_total"));
  }

  private static long value(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** What moved from {@code before} to {@code after}; null when either reading is missing. */
  public static RelayFrames between(RelayFrames before, RelayFrames after) {
    if (before == null || after == null) {
      return null;
    }
    return new RelayFrames(
        after.sent - before.sent,
        after.coalesced - before.coalesced,
        after.rateLimited - before.rateLimited,
        after.dropped - before.dropped,
        after.socketWrites - before.socketWrites);
  }

  /** Frames that did not reach their socket by the relay's own decision. */
  public long notSent() {
    return coalesced + rateLimited + dropped;
  }

  /** Frames sent per socket write (several frames waiting leave in one write). */
  public double framesPerWrite() {
    return socketWrites == 0 ? Double.NaN : (double) sent / socketWrites;
  }
}
