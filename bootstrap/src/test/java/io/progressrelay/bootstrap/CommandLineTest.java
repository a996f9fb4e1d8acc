package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.bootstrap.config.JwtConfig;
import io.progressrelay.domain.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line: exit codes, messages and output, with a given environment. */
class CommandLineTest {

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> environment, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionAndHelpExitZero() {
    assertThat(run(Map.of(), "--version").out()).startsWith("progress-relay ");
    Run help = run(Map.of(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("serve", "migrate", "token");
  }

  @Test
  void tokenPrintsAJwtTheRelayAccepts() throws Exception {
    String secret = "a-secret-for-the-token-command-test!!";
    Run run =
        run(
            Map.of("RELAY_JWT_SECRET", secret),
            "token",
            "--user",
            "alice",
            "--role",
            "admin",
            "--ttl",
            "2h");

    assertThat(run.exitCode()).isZero();
    AuthenticatedCaller caller =
        new JwtAuthenticator(JwtKeys.hmac(secret.getBytes(StandardCharsets.UTF_8)))
            .authenticate(run.out().trim());
    assertThat(caller.caller().userId().value()).isEqualTo("alice");
    assertThat(caller.caller().roles()).containsExactly(Role.ADMIN);
    assertThat(caller.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(110)));
  }

  @Test
  void tokenUsesTheDevelopmentSecretWhenNoneIsSet() throws Exception {
    Run run = run(Map.of(), "token", "--user", "bob");

    var devKeys = JwtKeys.hmac(JwtConfig.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(
            new JwtAuthenticator(devKeys).authenticate(run.out().trim()).caller().userId().value())
        .isEqualTo("bob");
  }

  @Test
  void tokenRejectsBadArgumentsWithExitCode2() {
    assertThat(run(Map.of(), "token", "--user", "not valid").exitCode()).isEqualTo(2);
    Run badRole = run(Map.of(), "token", "--user", "bob", "--role", "root");
    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err()).contains("--role must be admin or service");
    assertThat(run(Map.of(), "token", "--user", "bob", "--ttl", "soon").exitCode()).isEqualTo(2);
  }

  @Test
  void anInvalidVariableStopsWithExitCode2NamingIt() {
    Run run = run(Map.of("RELAY_HTTP_PORT", "eighty"), "serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("RELAY_HTTP_PORT", "expected a whole number", "eighty");
  }

  @Test
  void productionRefusesToStartWithTheDevelopmentSecret() {
    Run run = run(Map.of("RELAY_ENV", "production"), "serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("RELAY_JWT_SECRET", "production");
  }

  @Test
  void aShortSecretIsRefused() {
    Run run = run(Map.of("RELAY_JWT_SECRET", "short"), "token", "--user", "bob");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("RELAY_JWT_SECRET", "32 bytes");
  }

  @Test
  void migrateCreatesTheDatabaseAndAppliesMigrationsOnce() {
    try (TestDatabase database = TestDatabases.unusedDatabase("CommandLineTest")) {
      Map<String, String> env = new HashMap<>();
      env.put("RELAY_DB_URL", database.settings().jdbcUrl());
      env.put("RELAY_DB_USER", database.settings().user());
      env.put("RELAY_DB_PASSWORD", database.settings().password());

      Run first = run(env, "migrate");
      Run second = run(env, "migrate");

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).containsPattern("Applied [1-9][0-9]* migration\\(s\\)");
      assertThat(second.out()).contains("Applied 0 migration(s)");
    }
  }

  @Test
  void anUnreachableDatabaseStopsTheStartWithExitCode1AndSaysWhy() {
    Run run =
        run(Map.of("RELAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/progress_relay"), "migrate");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("127.0.0.1:1");
  }
}
