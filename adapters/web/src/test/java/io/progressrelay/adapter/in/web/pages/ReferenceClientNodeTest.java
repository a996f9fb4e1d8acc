package io.progressrelay.adapter.in.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reference client's own unit tests ({@code src/test/resources/node/reference-client.test.mjs},
 * Node's test runner with fake WebSocket, EventSource and fetch): the progress-relay.v3 resume
 * rules (resume point, de-duplication, gaps, re-subscribing since), the v2 behaviour with an older
 * relay, and the Server-Sent Events fallback. Needs {@code node} 20 or newer on the PATH.
 */
class ReferenceClientNodeTest {

  @Test
  void theClientsNodeTestsPass() throws Exception {
    Path output = Files.createTempFile("reference-client-test-", ".log");
    output.toFile().deleteOnExit();
    Process node;
    try {
      node =
          new ProcessBuilder(
                  "node",
                  resource("/node/reference-client.test.mjs"),
                  resource("/public/client/progress-relay.js"))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "these tests need `node` (version 20 or newer) on the PATH; install Node.js, e.g."
              + " `apt-get install nodejs` or from https://nodejs.org",
          e);
    }
    boolean exited = node.waitFor(2, TimeUnit.MINUTES);
    if (!exited) {
      node.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("node finished; it printed:\n%s", printed).isTrue();
    assertThat(node.exitValue()).as("node's test runner printed:\n%s", printed).isZero();
    assertThat(printed).contains("# fail 0").doesNotContain("# pass 0");
  }

  private static String resource(String name) {
    URL url = ReferenceClientNodeTest.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
