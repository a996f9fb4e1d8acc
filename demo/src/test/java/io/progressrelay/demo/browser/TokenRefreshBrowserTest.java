package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * In real headless Chromium, the reference client (behind the user page) refreshes its token on the
 * socket it has, so the relay does not close that socket at the first token's exp.
 */
class TokenRefreshBrowserTest extends RelayInBrowserTest {
  private static final Duration FIRST_TOKEN = Duration.ofSeconds(16);

  @Test
  void theUserPageKeepsItsSocketPastTheFirstTokensExp() {
    String uploadId = UUID.randomUUID().toString();
    var job =
        new SingleUpload("dora", UploadScript.completing(uploadId, false, 77, "A lighthouse."));
    relay.registrar().register(List.of(job));
    Instant issued = Instant.now();
    UserPage page =
        UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("dora", FIRST_TOKEN)));
    page.recordConnectionStates();
    List<String> socket = relay.connectionIdsOf("dora");
    assertThat(socket).hasSize(1);
    // The page's token callback hands out what the tab stores: the application's next token.
    browser.script(
        "sessionStorage.setItem('progress-relay.token', arguments[0]);", relay.tokenFor("dora"));

    await()
        .atMost(FIRST_TOKEN.plusSeconds(10))
        .until(() -> Instant.now().isAfter(issued.plus(FIRST_TOKEN).plusSeconds(2)));
    try (var publisher = relay.publisher()) {
      job.tick(0, new WorkerEvents(Clock.systemUTC())).forEach(publisher::publish);
    }

    page.awaitProgress(uploadId, "Queued", 0);
    assertThat(relay.connectionIdsOf("dora")).isEqualTo(socket);
    assertThat(page.recordedConnectionStates()).containsOnly("connected");
  }
}
