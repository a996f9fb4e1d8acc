package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import io.progressrelay.domain.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** In real headless Chromium, the admin page shows an upload's timeline with its deliveries. */
class AdminPageBrowserTest extends RelayInBrowserTest {

  @Test
  void anUploadsTimelineShowsEachEventDeliveredToItsOwner() {
    String uploadId = UUID.randomUUID().toString();
    var job =
        new SingleUpload(
            "carol", UploadScript.completing(uploadId, false, 74, "A snow-covered mountain hut."));
    relay.registrar().register(List.of(job));
    List<String> published = new ArrayList<>();
    TestSocket carol =
        TestSocket.open(
            relay.webSocketUri(), Map.of("Authorization", "Bearer " + relay.tokenFor("carol")));
    try (var publisher = relay.publisher()) {
      assertThat(carol.nextFrame()).contains("auth_success");
      var events = new WorkerEvents(Clock.systemUTC());
      for (int tick = 0; tick < job.ticks(); tick++) {
        for (WorkerEvent event : job.tick(tick, events)) {
          publisher.publish(event);
          published.add(event.action());
          // One at a time, so no progress frame is coalesced with the next.
          assertThat(carol.nextFrame()).isEqualTo(event.json());
        }
      }
    } finally {
      carol.close();
    }

    browser.open(relay.url("/admin?token=" + relay.tokenFor("root", Role.ADMIN)));
    browser.await(
        "the admin page to show its overview",
        driver -> driver.findElement(By.id("admin-content")).isDisplayed());
    browser.screenshot("admin-page");
    List<WebElement> timeline = showTimeline(uploadId, published.size());

    assertThat(timeline)
        .extracting(event -> event.findElement(By.tagName("strong")).getText())
        .containsExactlyElementsOf(published);
    for (WebElement event : timeline) {
      assertThat(event.findElement(By.className("recipient")).getText()).isEqualTo("carol");
      assertThat(event.findElement(By.cssSelector(".recipients .badge")).getText())
          .isEqualTo("Delivered");
      assertThat(event.findElement(By.cssSelector(".recipients .meta")).getText())
          .contains("1 socket");
    }
    browser.script("document.getElementById('timeline-panel').scrollIntoView();");
    browser.screenshot("admin-timeline");
  }

  // History is written in batches a moment after delivery: ask again until every event is there.
  private List<WebElement> showTimeline(String uploadId, int events) {
    return browser.await(
        "the timeline of " + uploadId + " to list " + events + " events",
        Duration.ofMillis(400), // each try asks the relay again; give the answer time to render
        driver -> {
          List<WebElement> shown = driver.findElements(By.cssSelector("#timeline .timeline-event"));
          if (shown.size() == events) {
            return shown;
          }
          WebElement input = driver.findElement(By.id("timeline-upload"));
          input.clear();
          input.sendKeys(uploadId);
          driver.findElement(By.cssSelector("#timeline-form button[type=submit]")).click();
          return null;
        });
  }
}
