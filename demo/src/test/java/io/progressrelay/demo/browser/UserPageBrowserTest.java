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

/** In real headless Chromium, the user page follows an upload the simulator publishes on Redis. */
class UserPageBrowserTest extends RelayInBrowserTest {

  @Test
  void aBarMovesThroughTheStagesToCompleted() {
    String uploadId = UUID.randomUUID().toString();
    var job =
        new SingleUpload(
            "alice",
            UploadScript.completing(
                uploadId, true, 85, "A red kayak crossing a calm lake at sunrise."));
    relay.registrar().register(List.of(job));
    UserPage page = UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("alice")));
    assertThat(page.stageOf(uploadId)).isEqualTo("No events yet");

    var events = new WorkerEvents(Clock.systemUTC());
    try (var publisher = relay.publisher()) {
      for (UploadStage stage : UploadStage.values()) {
        job.tick(stage.ordinal(), events).forEach(publisher::publish);
        page.awaitProgress(uploadId, StageLabels.of(stage), stage.percent());
        if (stage == UploadStage.DESCRIPTION_AUDIT) {
          browser.screenshot("user-page-in-progress");
        }
      }
      job.tick(job.ticks() - 1, events).forEach(publisher::publish);
    }

    page.awaitBadge(uploadId, "Completed");
    assertThat(page.stageOf(uploadId)).isEqualTo("Done");
    assertThat(page.percentOf(uploadId)).isEqualTo(100);
    assertThat(page.messageOf(uploadId)).contains("red kayak", "Audit score 85");
    browser.screenshot("user-page-completed");
  }
}
