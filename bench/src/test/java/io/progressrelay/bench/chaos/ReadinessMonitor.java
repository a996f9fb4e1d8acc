package io.progressrelay.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls each relay's {@code /readyz} every 100 ms (one thread per relay; the next poll starts 100
 * ms after the last began or as soon as it was answered) and keeps every change of its answer:
 * {@code ready}, {@code not ready (failing checks)}, {@code down} (connection refused) or {@code no
 * answer in 3 s}, and how long each answer took. Every tenth poll also reads the relay's frame
 * counters from {@code /metrics}, summed over the process's lives, so that frames the relay
 * coalesced or dropped by its own policy can be told apart from lost ones.
 */
final class ReadinessMonitor implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRAMES =
      Pattern.compile("relay_frames_total\\{[^}]*outcome=\"(\\w+)\"[^}]*} ([0-9.eE+]+)");

  /** One change of an instance's readiness. */
  record Transition(long atMillis, String instance, String status) {}

  /** How long one poll took to be answered (or to fail). */
  record Poll(long atMillis, String instance, long tookMillis) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final List<Transition> transitions = new ArrayList<>();
  private final List<Poll> polls = new ArrayList<>();
  private final ConcurrentHashMap<String, String> current = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, FrameCounters> counters = new ConcurrentHashMap<>();
  private final List<Thread> pollers = new ArrayList<>();

  ReadinessMonitor(List<RelayInstance> instances) {
    for (RelayInstance instance : instances) {
      counters.put(instance.name(), new FrameCounters());
      Thread poller = new Thread(() -> poll(instance), "readyz-" + instance.name());
      poller.setDaemon(true);
      pollers.add(poller);
      poller.start();
    }
  }

  boolean ready(String instance) {
    return "ready".equals(current.get(instance));
  }

  synchronized List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  synchronized List<Poll> polls() {
    return List.copyOf(polls);
  }

  /** Frames by outcome ({@code sent}, {@code coalesced}, {@code dropped}...) over all its lives. */
  double frames(String instance, String outcome) {
    return counters.get(instance).total(outcome);
  }

  private void poll(RelayInstance instance) {
    long count = 0;
    while (!Thread.currentThread().isInterrupted()) {
      long started = System.nanoTime();
      long startedMillis = System.currentTimeMillis();
      String status = readiness(instance.port());
      long took = (System.nanoTime() - started) / 1_000_000;
      synchronized (this) {
        polls.add(new Poll(startedMillis, instance.name(), took));
        // When the answer came: a slow answer tells the state at its end, not at its start.
        if (!status.equals(current.put(instance.name(), status))) {
          transitions.add(new Transition(System.currentTimeMillis(), instance.name(), status));
        }
      }
      if (count++ % 10 == 0 && !"down".equals(status)) {
        readCounters(instance);
      }
      long wait = 100 - (System.nanoTime() - started) / 1_000_000;
      try {
        Thread.sleep(Math.max(wait, 1));
      } catch (InterruptedException stop) {
        return;
      }
    }
  }

  private String readiness(int port) {
    try {
      HttpResponse<String> answer = get(port, "/readyz");
      if (answer.statusCode() == 200) {
        return "ready";
      }
      var failing = new StringJoiner(", ", "not ready (", ")");
      for (JsonNode check : JSON.readTree(answer.body()).path("checks")) {
        if (!check.path("ready").asBoolean()) {
          failing.add(check.path("name").asText());
        }
      }
      return failing.toString();
    } catch (HttpTimeoutException slow) {
      return "no answer in 3 s";
    } catch (Exception refused) {
      return "down";
    }
  }

  private void readCounters(RelayInstance instance) {
    try {
      Matcher line = FRAMES.matcher(get(instance.port(), "/metrics").body());
      while (line.find()) {
        counters.get(instance.name()).update(line.group(1), Double.parseDouble(line.group(2)));
      }
    } catch (Exception noAnswer) {
      // Read again at the next tenth poll.
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(3))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    pollers.forEach(Thread::interrupt);
  }

  /** A counter that survives restarts: a value lower than the last one starts a new life. */
  private static final class FrameCounters {
    private final ConcurrentHashMap<String, double[]> byOutcome = new ConcurrentHashMap<>();

    // [0]: the totals of ended lives, [1]: the current life's last reading.
    void update(String outcome, double value) {
      double[] sums = byOutcome.computeIfAbsent(outcome, o -> new double[2]);
      synchronized (sums) {
        if (value < sums[1]) {
          sums[0] += sums[1];
        }
        sums[1] = value;
      }
    }

    double total(String outcome) {
      double[] sums = byOutcome.get(outcome);
      if (sums == null) {
        return 0;
      }
      synchronized (sums) {
        return sums[0] + sums[1];
      }
    }
  }
}
