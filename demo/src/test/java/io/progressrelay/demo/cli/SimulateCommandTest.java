package io.progressrelay.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.RelayUnderTest;
import io.progressrelay.demo.DemoMain;
import io.progressrelay.domain.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate} plays upload workers against a running relay, and explains what it cannot do.
 */
class SimulateCommandTest {
  record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> environment, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        DemoMain.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void inStreamsModeAppendsTheEventsToTheRelaysStream() {
    String stream = "t" + System.nanoTime() + ":events";
    Map<String, String> streams = Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream);
    try (var relay = new RelayUnderTest("SimulateCommandStreamsTest", streams);
        var redis = TestRedis.settings().connect()) {
      TestSocket watcher = relay.socketFor("sim-user-1");
      Map<String, String> environment = new HashMap<>(withSecret(relay.redisEnvironment()));
      environment.put("RELAY_STREAM_KEY", stream);
      Run run =
          run(
              environment,
              "simulate",
              "--ingest",
              "streams",
              "--relay-url",
              "http://127.0.0.1:" + relay.application().httpPort(),
              "--redis-url",
              TestRedis.settings().url().toString(),
              "--uploads",
              "2",
              "--users",
              "1",
              "--rate",
              "50",
              "--step",
              "20ms");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(redis.xlen(stream)).as("entries in the stream").isPositive();
      int terminal = 0;
      while (terminal < 2) {
        String frame = watcher.nextFrame();
        if (frame.contains("\"action\":\"upload_completed\"")
            || frame.contains("\"action\":\"upload_failed\"")) {
          terminal++;
        }
      }
      watcher.close();
      redis.del(stream);
    }
  }

  @Test
  void anUnknownIngestModeIsRefused() {
    Run run = run(Map.of(), "simulate", "--ingest", "kafka");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--ingest must be pubsub or streams");
  }

  @Test
  void registersUploadsThenPublishesTheirEventsOnTheRelaysRedis() {
    try (var relay = new RelayUnderTest("SimulateCommandTest", Map.of())) {
      TestSocket watcher = relay.socketFor("sim-user-1");
      Run run =
          run(
              withSecret(relay.redisEnvironment()),
              "simulate",
              "--relay-url",
              "http://127.0.0.1:" + relay.application().httpPort(),
              "--redis-url",
              TestRedis.settings().url().toString(),
              "--uploads",
              "6",
              "--users",
              "2",
              "--rate",
              "50",
              "--step",
              "20ms");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("Simulating 6 uploads of 2 user(s)", "Published");
      assertThat(run.out()).containsPattern("for 6 uploads \\(\\d+ completed, \\d+ failed\\)");
      assertThat(run.out()).contains("owners follow 6 of them");
      List<String> uploads = followedUploads(relay, "sim-user-1");
      assertThat(uploads).isNotEmpty();
      String admin = relay.tokenFor("root", Role.ADMIN);
      assertThat(
              relay
                  .api
                  .get("/api/uploads/" + uploads.get(0), admin)
                  .json()
                  .path("ownerId")
                  .asText())
          .isEqualTo("sim-user-1");
      // The owner's socket gets every one of their uploads through to its terminal event.
      List<String> terminal = new ArrayList<>();
      while (terminal.size() < uploads.size()) {
        String frame = watcher.nextFrame();
        if (frame.contains("\"action\":\"upload_completed\"")
            || frame.contains("\"action\":\"upload_failed\"")) {
          terminal.add(frame);
        }
      }
      watcher.close();
    }
  }

  @Test
  void badArgumentsStopWithExitCode2AndSayWhich() {
    assertRefused("--rate must be", "simulate", "--rate", "0");
    assertRefused("--uploads must be", "simulate", "--uploads", "0");
    assertRefused("--users must be", "simulate", "--users", "0");
    assertRefused("--step must be", "simulate", "--step", "5ms");
    assertRefused("--duration must be", "simulate", "--duration", "soon");
    assertRefused("--relay-url must be a URL", "simulate", "--relay-url", "ftp://relay");
    assertRefused("--redis-url must be a URL", "simulate", "--redis-url", "http://redis");
  }

  @Test
  void anUnreachableRelayStopsWithExitCode1() {
    Run run = run(Map.of(), "simulate", "--relay-url", "http://127.0.0.1:1", "--uploads", "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the relay at http://127.0.0.1:1", "--relay-url");
  }

  @Test
  void aRefusedTokenStopsWithExitCode1AndTheRelaysAnswer() {
    try (var relay = new RelayUnderTest("SimulateCommandRefusedTest", Map.of())) {
      Run run =
          run(
              relay.redisEnvironment(),
              "simulate",
              "--relay-url",
              "http://127.0.0.1:" + relay.application().httpPort(),
              "--redis-url",
              TestRedis.settings().url().toString(),
              "--token",
              relay.tokenFor("not-a-service"),
              "--uploads",
              "2");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("POST /api/uploads/bulk with 403");
    }
  }

  private static Map<String, String> withSecret(Map<String, String> environment) {
    Map<String, String> withSecret = new HashMap<>(environment);
    withSecret.put("RELAY_JWT_SECRET", RelayUnderTest.SECRET);
    return withSecret;
  }

  private static void assertRefused(String message, String... args) {
    Run run = run(Map.of(), args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  private static List<String> followedUploads(RelayUnderTest relay, String user) {
    List<String> ids = new ArrayList<>();
    relay
        .api
        .get("/api/subscriptions", relay.tokenFor(user))
        .json()
        .path("items")
        .forEach(item -> ids.add(item.path("uploadId").asText()));
    return ids;
  }
}
