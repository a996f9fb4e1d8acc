package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client's npm package ({@code clients/js}): its own tests (unit tests with fake
 * transports, the type checks, the package's contents), and its tests against this relay, real
 * PostgreSQL and Redis behind it, which the Node tests stop and start through {@link RelayControl};
 * every frame the client sent and received there is then checked against the AsyncAPI document.
 * Runs {@code npm ci} first when the package's dependencies are missing or stale.
 */
class BrowserClientPackageTest {
  private static final Path PACKAGE =
      Path.of("").toAbsolutePath().getParent().resolve("clients/js").normalize();
  private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);
  private static final Duration TESTS_LIMIT = Duration.ofMinutes(5);

  @BeforeAll
  static void installTheDevDependencies() throws IOException {
    Path lock = PACKAGE.resolve("package-lock.json");
    Path installed = PACKAGE.resolve("node_modules/.package-lock.json");
    if (Files.isRegularFile(installed)
        && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
      return;
    }
    var npmCi =
        new NodeCommand(PACKAGE, Map.of(), List.of("npm", "ci", "--no-audit", "--no-fund"))
            .run(NPM_CI_LIMIT);
    assertThat(npmCi.succeeded()).as("npm ci in %s printed:\n%s", PACKAGE, npmCi.output()).isTrue();
  }

  @Test
  void thePackagesOwnTestsAndTypeChecksPass() {
    var npmTest = new NodeCommand(PACKAGE, Map.of(), List.of("npm", "test")).run(TESTS_LIMIT);

    assertPassed(npmTest);
  }

  @Test
  void theClientReconnectsResubscribesRefreshesAndReceivesAgainstARealRelay() throws IOException {
    Path framesFile = Files.createTempFile("browser-client-frames-", ".jsonl");
    try (var relay = new RelayUnderTest("BrowserClientPackageTest", Map.of());
        var control = new RelayControl(relay)) {
      await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
      Map<String, String> environment =
          Map.of(
              "RELAY_TEST_URL",
              "http://127.0.0.1:" + relay.application().httpPort(),
              "RELAY_TEST_JWT_SECRET",
              RelayUnderTest.SECRET,
              "RELAY_TEST_CONTROL_URL",
              control.url().toString(),
              "RELAY_TEST_FRAMES",
              framesFile.toString());

      var relayTests =
          new NodeCommand(PACKAGE, environment, List.of("npm", "run", "test:relay"))
              .run(TESTS_LIMIT);

      assertPassed(relayTests);
      // What the client really sent and received is what the AsyncAPI schemas describe.
      RecordedFrames frames = RecordedFrames.read(framesFile);
      assertThat(frames.violations()).isEmpty();
      assertThat(frames.kinds())
          .contains(
              "client:auth",
              "client:subscribe_upload",
              "client:unsubscribe_upload",
              "server:auth_success",
              "server:auth_error",
              "server:subscribed",
              "server:unsubscribed",
              "server:event",
              "server:caught_up",
              "server:gap",
              "server:token_refreshed",
              "server:error");
    } finally {
      Files.deleteIfExists(framesFile);
    }
  }

  private static void assertPassed(NodeCommand.Result result) {
    System.out.println(result.output()); // the test report keeps what Node ran, passed or not
    assertThat(result.exitCode()).as("node's test runner printed:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("# fail 0").doesNotContain("# pass 0");
  }
}
