package io.progressrelay.bench;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.bootstrap.Application;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Measures what recording delivery history costs the real-time path: the relay runs in-process,
 * wired to the local PostgreSQL and Redis, with {@code RELAY_HISTORY_LEVEL=all} and {@code off}
 * alternately in one run, 1:1 fan-out (one user, socket and upload each) at a paced rate.
 */
public final class HistoryOverheadBenchmark {
  private static final String SECRET = "benchmark-secret-of-at-least-thirty-two-bytes";
  private static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/progress_relay_bench";

  /** One measured run. */
  record Result(
      String level,
      long published,
      long delivered,
      long reordered,
      double seconds,
      Histogram latencyMicros,
      double cpuMicrosPerEvent) {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    List<Result> results = new ArrayList<>();
    int run = 0;
    // A first run warms the JVM (JIT, pools) and is not reported: otherwise whichever level goes
    // first pays for it.
    measure("all", run++, users, rate, Math.max(3, seconds / 2));
    for (int round = 0; round < rounds; round++) {
      for (String level : List.of("all", "off")) {
        results.add(measure(level, run++, users, rate, seconds));
        System.out.println(line(results.get(results.size() - 1)));
      }
    }
    String report = report(users, rate, seconds, results);
    System.out.println(report);
    Path file = Path.of("bench/results/" + LocalDate.now() + "-history-level.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report, StandardCharsets.UTF_8);
    System.out.println("written to " + file);
    System.exit(0);
  }

  private static Result measure(String level, int run, int users, int rate, int seconds)
      throws Exception {
    Application relay =
        Application.start(
            AppConfigLoader.load(
                Map.of(
                    "RELAY_HTTP_HOST", "127.0.0.1",
                    "RELAY_HTTP_PORT", "0",
                    "RELAY_JWT_SECRET", SECRET,
                    "RELAY_DB_URL", DB_URL,
                    "RELAY_HISTORY_LEVEL", level)));
    var issuer = new JwtIssuer(SECRET.getBytes(StandardCharsets.UTF_8));
    var http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + relay.httpPort();
    String prefix = "r" + run + "-" + System.currentTimeMillis() + "-";
    register(http, base, issuer, prefix, users);
    subscribe(http, base, issuer, prefix, users);

    var latencies = new Recorder(3);
    var delivered = new AtomicLong();
    var reordered = new AtomicLong();
    List<BenchClient> clients = new ArrayList<>();
    URI socketUri = URI.create("ws://127.0.0.1:" + relay.httpPort() + "/ws/uploads");
    for (int i = 0; i < users; i++) {
      var client = new BenchClient(latencies, delivered, reordered);
      client.open(http, socketUri, token(issuer, "u" + prefix + i, Set.of()));
      clients.add(client);
    }
    waitUntil(() -> clients.stream().allMatch(BenchClient::authenticated), Duration.ofSeconds(30));

    var publisher = new PacedPublisher("127.0.0.1", 6379);
    long[] sequences = new long[users];
    publisher.publish(prefix, users, rate, 2, sequences); // warm-up, not counted
    waitUntil(() -> false, Duration.ofSeconds(1));
    latencies.reset();
    delivered.set(0);
    reordered.set(0);

    long cpuBefore = processCpuNanos();
    long started = System.nanoTime();
    long published = publisher.publish(prefix, users, rate, seconds, sequences);
    waitUntil(() -> delivered.get() >= published, Duration.ofSeconds(10));
    double elapsed = (System.nanoTime() - started) / 1e9;
    long cpu = processCpuNanos() - cpuBefore;

    publisher.close();
    clients.forEach(BenchClient::close);
    relay.close();
    long got = delivered.get();
    return new Result(
        level,
        published,
        got,
        reordered.get(),
        elapsed,
        latencies.getIntervalHistogram(),
        got == 0 ? 0 : cpu / 1_000.0 / got);
  }

  private static void register(
      HttpClient http, String base, JwtIssuer issuer, String prefix, int users) throws Exception {
    var body = new StringBuilder("[");
    for (int i = 0; i < users; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"uploadId\":\"")
          .append(prefix)
          .append(i)
          .append("\",\"ownerId\":\"u")
          .append(prefix)
          .append(i)
          .append("\"}");
    }
    var request =
        HttpRequest.newBuilder(URI.create(base + "/api/uploads/bulk"))
            .header("Authorization", "Bearer " + token(issuer, "bench", Set.of(Role.SERVICE)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
            .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("bulk registration failed: " + answer.body());
    }
  }

  private static void subscribe(
      HttpClient http, String base, JwtIssuer issuer, String prefix, int users) {
    List<CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      var request =
          HttpRequest.newBuilder(URI.create(base + "/api/uploads/" + prefix + i + "/subscription"))
              .header("Authorization", "Bearer " + token(issuer, "u" + prefix + i, Set.of()))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      if (pending.size() == 50) {
        pending.forEach(CompletableFuture::join);
        pending.clear();
      }
    }
    pending.forEach(CompletableFuture::join);
  }

  private static String token(JwtIssuer issuer, String user, Set<Role> roles) {
    return issuer.issue(new UserId(user), roles, Duration.ofHours(1));
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
  }

  private static void waitUntil(java.util.function.BooleanSupplier done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000);
    }
  }

  private static String line(Result r) {
    Histogram h = r.latencyMicros();
    return String.format(
        "| %s | %,d | %,d | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f |",
        r.level(),
        r.published(),
        r.delivered(),
        r.published() - r.delivered() + r.reordered(),
        r.delivered() / r.seconds(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0,
        h.getMaxValue() / 1000.0,
        r.cpuMicrosPerEvent());
  }

  private static String report(int users, int rate, int seconds, List<Result> results) {
    var text = new StringBuilder();
    text.append("# Delivery history: cost on the real-time path\n\n")
        .append(
            String.format(
                "%s, %,d users with one socket and one upload each, %,d events/s for %d s per"
                    + " run (after a 2 s warm-up, and one unreported warm-up run of the JVM), runs alternating"
                    + " RELAY_HISTORY_LEVEL=all and off."
                    + " Relay, load generator, Redis and PostgreSQL share one 2-core machine; CPU is"
                    + " the whole JVM's (relay and generator).%n%n",
                LocalDate.now(), users, rate, seconds))
        .append(
            "| level | published | delivered | lost or reordered | delivered/s | p50 ms | p99 ms"
                + " | p99.9 ms | max ms | CPU µs/event |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    results.forEach(r -> text.append(line(r)).append('\n'));
    double all = mean(results, "all", true);
    double off = mean(results, "off", true);
    double cpuAll = mean(results, "all", false);
    double cpuOff = mean(results, "off", false);
    text.append(
        String.format(
            "%nRatio all/off: delivered/s %.3f, CPU per delivered event %.2f.%n",
            all / off, cpuAll / cpuOff));
    return text.toString();
  }

  private static double mean(List<Result> results, String level, boolean rate) {
    return results.stream()
        .filter(r -> r.level().equals(level))
        .mapToDouble(r -> rate ? r.delivered() / r.seconds() : r.cpuMicrosPerEvent())
        .average()
        .orElse(Double.NaN);
  }

  private HistoryOverheadBenchmark() {}
}
