package io.progressrelay.bench.chaos;

import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.ThrowawayPostgres;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.bench.load.Tokens;
import io.progressrelay.testing.LocalServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's chaos run: two relay processes behind a TCP balancer, on a Redis and a PostgreSQL of
 * the run's own, 40 reference browser clients (Node) and a publisher at 300 events/s, through six
 * faults in turn (relay killed, Redis restarted, Redis frozen, PostgreSQL restarted, both down,
 * start-up while each is down). Writes {@code bench/results/<date>-chaos.md} and prints it. Run
 * only when named (docs/performance.md, "Chaos"); needs {@code bootstrap/target/progress-relay.jar}
 * and Node 20.
 */
final class ChaosBenchmark {
  private static final int USERS = 40;
  private static final int EVENTS_PER_SECOND = 300;
  // -Dchaos.terminalNeedsAReceiver=true: workers publish a terminal event again while Redis
  // answers that no subscriber took it (the report then goes to <date>-chaos-terminal-needs-...).
  private static final boolean TERMINAL_NEEDS_A_RECEIVER =
      Boolean.getBoolean("chaos.terminalNeedsAReceiver");
  // -Dchaos.ingest=streams: the relays read a Redis stream that the workers XADD to (streams mode),
  // on a Redis that persists every write; the report goes to <date>-chaos-streams.md.
  private static final boolean STREAMS = "streams".equals(System.getProperty("chaos.ingest"));
  // A relay starts in a few seconds; on a 2-core machine other builds share, it took 50 s once.
  private static final Duration READY_LIMIT = Duration.ofMinutes(3);
  private static final String SECRET = "chaos-benchmark-secret-of-at-least-32-bytes";

  private final List<Phase> phases = new ArrayList<>();
  private RelayInstance a;
  private RelayInstance b;
  private ReadinessMonitor monitor;
  private ThrowawayRedis redis;
  private ThrowawayPostgres postgres;

  @Test
  void twoRelaysBehindABalancerThroughSixFaults() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path jar = root.resolve("bootstrap/target/progress-relay.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (see docs/performance.md)");
    }
    Path client = root.resolve("clients/js/src/progress-relay.js");
    Path logs = Files.createDirectories(root.resolve("bench/target/chaos"));
    Path work = Files.createTempDirectory("relay-chaos-");
    String run = "c" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    var tokens = new Tokens(SECRET);
    try (ThrowawayRedis redis =
            STREAMS ? ThrowawayRedis.startPersistent() : ThrowawayRedis.start();
        ThrowawayPostgres postgres = ThrowawayPostgres.start();
        TestDatabase database = postgres.newDatabase("chaos")) {
      this.redis = redis;
      this.postgres = postgres;
      String uploadPrefix = run + ":upload:";
      Map<String, String> env = new HashMap<>();
      env.put("RELAY_HTTP_HOST", "127.0.0.1");
      env.put("RELAY_JWT_SECRET", SECRET);
      env.put("RELAY_DB_URL", database.settings().jdbcUrl());
      env.put("RELAY_DB_USER", database.settings().user());
      env.put("RELAY_DB_PASSWORD", database.settings().password());
      env.put("RELAY_REDIS_URL", redis.url().toString());
      env.put("RELAY_REDIS_UPLOAD_PREFIX", uploadPrefix);
      env.put("RELAY_REDIS_USER_PREFIX", run + ":user:");
      env.put("RELAY_REDIS_CONTROL_CHANNEL", run + ":control");
      String streamKey = STREAMS ? run + ":events" : null;
      if (STREAMS) {
        env.put("RELAY_INGEST", "streams");
        env.put("RELAY_STREAM_KEY", streamKey);
      }
      a = relay("A", jar, env, logs);
      b = relay("B", jar, env, logs);
      monitor = new ReadinessMonitor(List.of(a, b));
      try (RelayInstance closeA = a;
          RelayInstance closeB = b;
          ReadinessMonitor closeMonitor = monitor;
          var balancer =
              new TcpBalancer(
                  List.of(a.port(), b.port()), i -> monitor.ready(i == 0 ? "A" : "B"))) {
        // One after the other: the first runs the migrations.
        a.start();
        awaitReady("A", READY_LIMIT);
        b.start();
        awaitReady("B", READY_LIMIT);
        String lb = "127.0.0.1:" + balancer.port();
        try (var fleet =
            new BrowserFleet(
                client, work, "ws://" + lb + "/ws/uploads", logs.resolve("node.log"))) {
          List<String> users = new ArrayList<>();
          for (int i = 0; i < USERS; i++) {
            users.add(run + "-u" + i);
            fleet.connect(users.get(i), tokens.user(users.get(i)));
          }
          var workload =
              new Workload(
                  users,
                  redis.url(),
                  URI.create("http://" + lb),
                  tokens.service(),
                  uploadPrefix,
                  fleet,
                  EVENTS_PER_SECOND,
                  () -> (a.running() ? 1 : 0) + (b.running() ? 1 : 0),
                  TERMINAL_NEEDS_A_RECEIVER,
                  streamKey);
          workload.start();
          // Warm-up: every client connected and following its first upload.
          await().atMost(Duration.ofMinutes(2)).until(() -> fleet.usersFollowing() == USERS);
          long started = System.currentTimeMillis();
          String loadBefore = loadAverage();
          runPhases();
          workload.close();
          Thread.sleep(5_000); // the last frames arrive
          Phase last = phases.get(phases.size() - 1);
          last.endMillis = System.currentTimeMillis();
          last.policyFramesAtEnd = policyFrames();
          last.exitsAtEnd = a.unexpectedExits();
          var report =
              new ChaosReport(
                  phases,
                  new ChaosAnalysis(workload.published(), fleet.observations()),
                  monitor.transitions(),
                  monitor.polls(),
                  a.unexpectedExits(),
                  started,
                  workload.uploadsRegistered(),
                  workload.registrationFailures(),
                  USERS,
                  EVENTS_PER_SECOND,
                  TERMINAL_NEEDS_A_RECEIVER,
                  loadBefore + " before the faults, " + loadAverage() + " after");
          String markdown =
              (STREAMS
                      ? "Streams mode (`RELAY_INGEST=streams`): workers `XADD` to the run's stream"
                          + " on a Redis that persists every write; an `XADD` Redis answers counts"
                          + " as heard by both relays, which read it when they can.\n\n"
                      : "")
                  + report.markdown();
          System.out.println(markdown);
          Path results = Files.createDirectories(root.resolve("bench/results"));
          String name =
              LocalDate.now(ZoneOffset.UTC)
                  + (STREAMS
                      ? "-chaos-streams.md"
                      : TERMINAL_NEEDS_A_RECEIVER
                          ? "-chaos-terminal-needs-a-receiver.md"
                          : "-chaos.md");
          Files.writeString(results.resolve(name), markdown);
        }
      }
    } finally {
      LocalServerProcess.deleteRecursively(work);
    }
  }

  private void runPhases() throws Exception {
    Phase baseline = begin("0. no fault (baseline)");
    baseline.mark("steady state");
    Thread.sleep(20_000);

    Phase kill = begin("1. relay A killed (SIGKILL), started again 15 s later");
    kill.mark("SIGKILL to A");
    a.kill();
    Thread.sleep(15_000);
    a.start();
    kill.mark("A started");
    awaitReady("A", READY_LIMIT);
    kill.mark("A ready");
    Thread.sleep(15_000);

    Phase restart = begin("2. Redis restarted (down 2 s)");
    restart.mark("Redis stopping");
    redis.stop();
    Thread.sleep(2_000);
    redis.restart();
    restart.markRecoverFrom("Redis started");
    Thread.sleep(20_000);

    Phase freeze = begin("3. Redis frozen (DEBUG SLEEP 5)");
    freeze.mark("DEBUG SLEEP 5 sent");
    redis.freeze(Duration.ofSeconds(5));
    freeze.markRecoverFrom("Redis awake");
    Thread.sleep(20_000);

    Phase database = begin("4. PostgreSQL restarted (down 2 s)");
    database.mark("PostgreSQL stopping");
    postgres.stop();
    Thread.sleep(2_000);
    postgres.restart();
    database.markRecoverFrom("PostgreSQL started");
    Thread.sleep(20_000);

    Phase both = begin("5. Redis and PostgreSQL down together for 10 s");
    both.mark("Redis and PostgreSQL stopping");
    redis.stop();
    postgres.stop();
    Thread.sleep(10_000);
    redis.restart();
    both.mark("Redis started");
    postgres.restart();
    both.markRecoverFrom("PostgreSQL started");
    Thread.sleep(25_000);

    Phase withoutRedis = begin("6a. relay A started while Redis is down (10 s)");
    withoutRedis.mark("Redis stopping");
    redis.stop();
    restartA(withoutRedis);
    Thread.sleep(10_000);
    redis.restart();
    withoutRedis.markRecoverFrom("Redis started");
    awaitReady("A", READY_LIMIT);
    withoutRedis.mark("A ready");
    Thread.sleep(20_000);

    Phase withoutPostgres = begin("6b. relay A started while PostgreSQL is down (10 s)");
    withoutPostgres.mark("PostgreSQL stopping");
    postgres.stop();
    restartA(withoutPostgres);
    Thread.sleep(10_000);
    postgres.restart();
    withoutPostgres.markRecoverFrom("PostgreSQL started");
    awaitReady("A", READY_LIMIT);
    withoutPostgres.mark("A ready");
    Thread.sleep(20_000);
  }

  // A restart, not a crash: SIGTERM (its sockets are closed with 1012), then a new process.
  private void restartA(Phase phase) {
    phase.mark("SIGTERM to A");
    a.stop();
    phase.mark("A exited");
    a.start();
    phase.mark("A started");
  }

  private Phase begin(String name) {
    var phase = new Phase(name);
    if (!phases.isEmpty()) {
      Phase previous = phases.get(phases.size() - 1);
      previous.endMillis = phase.startMillis;
      previous.policyFramesAtEnd = policyFrames();
      previous.exitsAtEnd = a.unexpectedExits();
    }
    phase.policyFramesAtStart = policyFrames();
    phase.exitsAtStart = a.unexpectedExits();
    phases.add(phase);
    return phase;
  }

  // Frames the relays did not send by their own policy: coalesced, rate-limited, dropped.
  private double policyFrames() {
    double total = 0;
    for (String instance : List.of("A", "B")) {
      for (String outcome : List.of("coalesced", "rate_limited", "dropped")) {
        total += monitor.frames(instance, outcome);
      }
    }
    return total;
  }

  private void awaitReady(String instance, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!monitor.ready(instance)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("relay " + instance + " not ready within " + limit);
      }
      Thread.sleep(50);
    }
  }

  // The machine's 1, 5 and 15 minute load averages: other builds on it slow the relays down.
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (java.io.IOException unreadable) {
      return "unknown";
    }
  }

  private static RelayInstance relay(String name, Path jar, Map<String, String> env, Path logs)
      throws Exception {
    int port = LocalServerProcess.freePort();
    Map<String, String> own = new HashMap<>(env);
    own.put("RELAY_HTTP_PORT", String.valueOf(port));
    Path log = logs.resolve("relay-" + name + ".log");
    Files.deleteIfExists(log);
    return new RelayInstance(name, port, jar, own, log);
  }
}
