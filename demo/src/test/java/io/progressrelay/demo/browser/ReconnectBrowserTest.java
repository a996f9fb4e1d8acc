package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.UploadStage;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** In real headless Chromium, the user page survives a relay restart on the same port. */
class ReconnectBrowserTest extends RelayInBrowserTest {

  @Test
  void thePageShowsReconnectingThenReconnectsAndKeepsUpdating() {
    String uploadId = UUID.randomUUID().toString();
    // An image: queued, vision analysis, description audit, embedding, indexing, completed.
    var job =
        new SingleUpload(
            "bob", UploadScript.completing(uploadId, false, 91, "A market stall of oranges."));
    relay.registrar().register(List.of(job));
    UserPage page = UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("bob")));
    var events = new WorkerEvents(Clock.systemUTC());

    try (var publisher = relay.publisher()) {
      job.tick(0, events).forEach(publisher::publish);
      job.tick(1, events).forEach(publisher::publish);
      page.awaitProgress(uploadId, "Vision analysis", 20);
      page.recordConnectionStates();

      relay.stop(); // closes every socket with 1012 "service restart"
      String shown = page.awaitConnection("reconnecting");
      assertThat(shown).startsWith("Reconnecting");
      browser.screenshot("user-page-reconnecting");

      relay.startAgain();
      page.awaitConnection("connected");
      for (int tick = 2; tick < job.ticks(); tick++) {
        job.tick(tick, events).forEach(publisher::publish);
        if (tick == 2) {
          page.awaitProgress(
              uploadId, "Description audit", UploadStage.DESCRIPTION_AUDIT.percent());
        }
      }
    }

    page.awaitBadge(uploadId, "Completed");
    assertThat(page.percentOf(uploadId)).isEqualTo(100);
    assertThat(page.recordedConnectionStates())
        .containsSubsequence("connected", "reconnecting", "connected");
    browser.screenshot("user-page-reconnected");
  }
}
