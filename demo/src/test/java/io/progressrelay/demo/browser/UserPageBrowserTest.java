package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.demo.simulator.BatchFile;
import io.progressrelay.demo.simulator.BatchUpload;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.UploadStage;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.UploadId;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** In real headless Chromium, the user page follows uploads the simulator publishes on Redis. */
class UserPageBrowserTest extends RelayInBrowserTest {
  // The bar colours of pages.css (light scheme): running and completed.
  private static final Color ACCENT = new Color(0x0b5cad);
  private static final Color OK = new Color(0x1a7f37);

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
    // Nothing heard yet: no percent anywhere, and a bar that claims no value.
    assertThat(page.stageOf(uploadId)).isEqualTo("No events yet");
    assertThat(page.percentTextOf(uploadId)).isEmpty();
    assertThat(page.barIsIndeterminate(uploadId)).isTrue();
    BufferedImage waiting =
        browser.screenshot("user-page-no-events-bar", page.card(uploadId).findElement(bar()));
    assertThat(Pixels.near(waiting, ACCENT)).as("accent pixels of a bar without events").isZero();
    browser.screenshot("user-page-no-events");
    // The events carry no file name: the card is titled by the upload id, shown once.
    assertThat(page.titleOf(uploadId)).isEqualTo(uploadId);
    assertThat(page.secondaryIdOf(uploadId)).isEmpty();

    var events = new WorkerEvents(Clock.systemUTC());
    try (var publisher = relay.publisher()) {
      for (UploadStage stage : UploadStage.values()) {
        job.tick(stage.ordinal(), events).forEach(publisher::publish);
        page.awaitProgress(uploadId, StageLabels.of(stage), stage.percent());
        assertThat(page.percentTextOf(uploadId)).isEqualTo(stage.percent() + " %");
        assertThat(page.cardsWithNoEventsAndAPercentage()).isEmpty();
        if (stage == UploadStage.DESCRIPTION_AUDIT) {
          browser.screenshot("user-page-in-progress");
          // Half the bar is filled (50 %): measured on the screen, not only read from the DOM.
          awaitBarFilled(page, uploadId, ACCENT, 0.35, 0.6, "user-page-half-bar");
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

  @Test
  void aBatchFilesCardIsTitledByItsFileNameWithItsUploadIdBelowEvenAfterAReload() {
    var photo = new BatchFile(UUID.randomUUID().toString(), "IMG_4412.HEIC", 3_481_220);
    var clip = new BatchFile(UUID.randomUUID().toString(), "CLIP_0007.MP4", 31_000_000);
    var batch =
        new BatchUpload(
            "dave",
            UUID.randomUUID().toString(),
            List.of(photo, clip),
            List.of(
                UploadScript.completing(photo.uploadId(), false, 90, "A ceramic mug."),
                UploadScript.completing(clip.uploadId(), true, 80, "A kayak on a lake.")));
    relay.registrar().register(List.of(batch));
    UserPage page = UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("dave")));
    assertThat(page.titleOf(photo.uploadId())).isEqualTo(photo.uploadId());

    var events = new WorkerEvents(Clock.systemUTC());
    try (var publisher = relay.publisher()) {
      for (int tick = 0; tick < 3; tick++) {
        batch.tick(tick, events).forEach(publisher::publish);
      }
      page.awaitTitle(photo.uploadId(), "IMG_4412.HEIC");
      page.awaitTitle(clip.uploadId(), "CLIP_0007.MP4");
      assertThat(page.secondaryIdOf(photo.uploadId())).isEqualTo(photo.uploadId());
      assertThat(page.secondaryIdOf(clip.uploadId())).isEqualTo(clip.uploadId());
      assertThat(page.cardsWithNoEventsAndAPercentage()).isEmpty();
      browser.screenshot("user-page-file-names");
    }

    // The names came in file_progress events, which are not replayed: the tab remembers them.
    UserPage reloaded = UserPage.open(browser, relay.url("/"));
    reloaded.awaitTitle(photo.uploadId(), "IMG_4412.HEIC");
    assertThat(reloaded.titleOf(clip.uploadId())).isEqualTo("CLIP_0007.MP4");
    assertThat(reloaded.secondaryIdOf(clip.uploadId())).isEqualTo(clip.uploadId());
  }

  @Test
  void aProgressEventWithoutAStageShowsItsPercentAndNeverNoEventsYet() {
    String uploadId = UUID.randomUUID().toString();
    var job =
        new SingleUpload("erin", UploadScript.completing(uploadId, false, 70, "A red bicycle."));
    relay.registrar().register(List.of(job));
    UserPage page = UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("erin")));
    assertThat(page.stageOf(uploadId)).isEqualTo("No events yet");

    // A worker that sends a percent and a status but no stage.
    String json =
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + uploadId
            + "\",\"status\":\"analyzing\",\"progress_percent\":20}}";
    try (var publisher = relay.publisher()) {
      publisher.publish(
          new WorkerEvent(
              new EventChannel.Upload("upload:", new UploadId(uploadId)),
              "upload_progress",
              null,
              uploadId,
              json));
    }

    page.awaitProgress(uploadId, "Analyzing", 20);
    assertThat(page.percentTextOf(uploadId)).isEqualTo("20 %");
    assertThat(page.cardsWithNoEventsAndAPercentage()).isEmpty();
  }

  @Test
  void aCompletedBarIsFilledInTheColourOfSuccess() {
    String uploadId = UUID.randomUUID().toString();
    var job =
        new SingleUpload("frank", UploadScript.completing(uploadId, false, 75, "A lighthouse."));
    relay.registrar().register(List.of(job));
    var events = new WorkerEvents(Clock.systemUTC());
    try (var publisher = relay.publisher()) {
      // Every event before the page opens: it shows the latest state it reads from the relay.
      for (int tick = 0; tick < job.ticks(); tick++) {
        job.tick(tick, events).forEach(publisher::publish);
      }
    }
    UserPage page = UserPage.open(browser, relay.url("/?token=" + relay.tokenFor("frank")));

    page.awaitBadge(uploadId, "Completed");
    BufferedImage full = awaitBarFilled(page, uploadId, OK, 0.8, 1.0, "user-page-completed-bar");
    assertThat(Pixels.near(full, ACCENT)).isZero();
  }

  private static By bar() {
    return By.tagName("progress");
  }

  // The bar is drawn with a width transition: wait until the share of its pixels in `colour` is
  // in range, and return that screenshot.
  private static BufferedImage awaitBarFilled(
      UserPage page, String uploadId, Color colour, double least, double most, String name) {
    return browser.await(
        uploadId + "'s bar to be " + least + " to " + most + " filled in " + colour,
        driver -> {
          BufferedImage image = browser.screenshot(name, page.card(uploadId).findElement(bar()));
          double share = (double) Pixels.near(image, colour) / Pixels.all(image);
          return share >= least && share <= most ? image : null;
        });
  }
}
