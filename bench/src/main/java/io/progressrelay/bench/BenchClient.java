package io.progressrelay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One browser as the benchmark plays it: a real WebSocket that authenticates with the first-frame
 * protocol, then records each event's latency from the send time stamped in its payload.
 */
final class BenchClient implements WebSocket.Listener {
  private final Recorder latencies;
  private final AtomicLong delivered;
  private final AtomicLong reordered;
  private final StringBuilder partial = new StringBuilder();
  private long lastSequence = -1;
  private volatile boolean authenticated;
  private WebSocket socket;

  BenchClient(Recorder latencies, AtomicLong delivered, AtomicLong reordered) {
    this.latencies = latencies;
    this.delivered = delivered;
    this.reordered = reordered;
  }

  void open(HttpClient http, URI uri, String token) throws Exception {
    socket =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, this)
            .get(10, TimeUnit.SECONDS);
    socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).join();
  }

  boolean authenticated() {
    return authenticated;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      onFrame(partial);
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  // Reads the stamps without a JSON parser: "s" (per-client sequence) and "t" (send nanos).
  private void onFrame(CharSequence frame) {
    String text = frame.toString();
    int t = text.indexOf("\"t\":");
    if (t < 0) {
      authenticated |= text.contains("auth_success");
      return;
    }
    long sentNanos = Long.parseLong(text, t + 4, text.indexOf('}', t), 10);
    int s = text.indexOf("\"s\":");
    long sequence = Long.parseLong(text, s + 4, text.indexOf(',', s), 10);
    if (sequence <= lastSequence) {
      reordered.incrementAndGet();
    }
    lastSequence = sequence;
    latencies.recordValue(Math.max(0, System.nanoTime() - sentNanos) / 1_000);
    delivered.incrementAndGet();
  }

  void close() {
    socket.abort();
  }
}
