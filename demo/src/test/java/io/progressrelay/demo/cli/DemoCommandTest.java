package io.progressrelay.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.ApiClient;
import io.progressrelay.demo.DemoMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code demo} serves both pages and delivers simulated events to a socket, on the local PostgreSQL
 * and Redis, and on in-memory adapters when they do not answer.
 */
class DemoCommandTest {
  private static final Pattern ALICE_PAGE =
      Pattern.compile("alice's uploads\\s+(http://[^/\\s]+)/\\?token=(\\S+)");
  private static final Pattern ADMIN_PAGE =
      Pattern.compile("admin\\s+(http://\\S+/admin\\?token=\\S+)");

  @Test
  void servesBothPagesAndDeliversSimulatedEventsOnLocalPostgresAndRedis() throws Exception {
    try (TestDatabase database = TestDatabases.unusedDatabase("DemoCommandTest")) {
      Map<String, String> env = new HashMap<>();
      env.put("RELAY_HTTP_HOST", "127.0.0.1");
      env.put("RELAY_DB_URL", database.settings().jdbcUrl());
      env.put("RELAY_DB_USER", database.settings().user());
      env.put("RELAY_DB_PASSWORD", database.settings().password());
      env.put("RELAY_REDIS_URL", TestRedis.settings().url().toString());

      try (var demo =
          RunningCommand.start(env, "demo", "--port", "0", "--rate", "4", "--step", "100ms")) {
        String banner =
            demo.awaitOutput(text -> text.contains("Stop with Ctrl+C"), Duration.ofSeconds(60));

        assertThat(banner)
            .contains("NOT FOR PRODUCTION", "Running on PostgreSQL", database.name(), "Redis")
            .doesNotContain("IN-MEMORY")
            .as("the run's own channels, apart from any relay's or other demo's on that Redis")
            .containsPattern("channels demo-[0-9a-f]+:upload:\\* and demo-[0-9a-f]+:user:\\*");
        Pages pages = Pages.in(banner);
        assertThat(pages.api.get("/", null).status()).isEqualTo(200);
        assertThat(pages.api.get("/", null).body()).contains("Upload progress");
        assertThat(pages.api.get(pages.adminPath, null).status()).isEqualTo(200);
        assertThat(pages.api.get("/readyz", null).status()).isEqualTo(200);
        assertThat(firstSimulatedEvent(pages)).contains("\"action\":\"upload_");
        assertThat(demo.stop()).isZero();
      }
    }
  }

  @Test
  void runsOnInMemoryAdaptersWhenPostgresAndRedisDoNotAnswer() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_HTTP_HOST", "127.0.0.1");
    env.put("RELAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/progress_relay_demo");
    env.put("RELAY_REDIS_URL", "redis://127.0.0.1:1");

    try (var demo =
        RunningCommand.start(env, "demo", "--port", "0", "--rate", "4", "--step", "100ms")) {
      String banner =
          demo.awaitOutput(text -> text.contains("Stop with Ctrl+C"), Duration.ofSeconds(60));

      assertThat(banner)
          .contains("NOT FOR PRODUCTION", "IN-MEMORY", "demo-in-memory")
          .contains("PostgreSQL at 127.0.0.1:1/progress_relay_demo did not answer")
          .contains("Redis did not answer", "127.0.0.1:1");
      Pages pages = Pages.in(banner);
      ApiClient.Answer readiness = pages.api.get("/readyz", null);
      assertThat(readiness.status()).isEqualTo(200);
      assertThat(readiness.body()).contains("\"name\":\"demo-in-memory\"", "NOT FOR PRODUCTION");
      assertThat(readiness.body()).doesNotContain("\"name\":\"postgres\"", "\"name\":\"redis\"");
      assertThat(pages.api.get("/", null).status()).isEqualTo(200);
      assertThat(pages.api.get(pages.adminPath, null).status()).isEqualTo(200);
      assertThat(firstSimulatedEvent(pages)).contains("\"action\":\"upload_");
      assertThat(demo.stop()).isZero();
    }
  }

  @Test
  void refusesBadArgumentsWithExitCode2() {
    assertThat(run("demo", "--rate", "0").err()).contains("--rate must be");
    assertThat(run("demo", "--users", "alice,not valid").err()).contains("--users");
    assertThat(run("demo", "--step", "1ms").err()).contains("--step must be");
    assertThat(run("demo", "--port", "70000").exitCode()).isEqualTo(2);
  }

  // alice follows each of her simulated uploads, so her socket receives their events.
  private static String firstSimulatedEvent(Pages pages) {
    TestSocket socket =
        TestSocket.open(pages.socket, Map.of("Authorization", "Bearer " + pages.aliceToken));
    try {
      assertThat(socket.nextFrame()).contains("auth_success");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        String frame = socket.nextFrame();
        if (frame.contains("\"action\":\"upload_")) {
          return frame;
        }
      }
      throw new AssertionError("no simulated upload event within 30 s");
    } finally {
      socket.close();
    }
  }

  private record Run(int exitCode, String err) {}

  private static Run run(String... args) {
    var err = new StringWriter();
    int code =
        DemoMain.run(
            args, Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(2);
    return new Run(code, err.toString());
  }

  /** Where the banner says the pages are. */
  private record Pages(ApiClient api, URI socket, String aliceToken, String adminPath) {
    static Pages in(String banner) {
      Matcher alice = ALICE_PAGE.matcher(banner);
      Matcher admin = ADMIN_PAGE.matcher(banner);
      assertThat(alice.find()).as(banner).isTrue();
      assertThat(admin.find()).as(banner).isTrue();
      URI base = URI.create(alice.group(1));
      String adminUrl = admin.group(1);
      return new Pages(
          new ApiClient(base.getPort()),
          URI.create("ws://127.0.0.1:" + base.getPort() + "/ws/uploads"),
          alice.group(2),
          adminUrl.substring(adminUrl.indexOf("/admin")));
    }
  }
}
