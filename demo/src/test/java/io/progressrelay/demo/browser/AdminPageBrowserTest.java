package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import io.progressrelay.domain.Role;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * In real headless Chromium, the admin page shows an upload's timeline with its deliveries, and
 * charts of the period chosen with delivered traffic drawn beside the other outcomes.
 */
class AdminPageBrowserTest extends RelayInBrowserTest {
  // The series colours of pages.css.
  private static final Color DELIVERED = new Color(0x1a9850);
  private static final Color NO_CONNECTION = new Color(0x8c8c8c);

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

  @Test
  void theChartsShowTheChosenPeriodWithDeliveredDrawnBesideTheOtherOutcomes() {
    // hank's page is open and gets his upload's events; gina's is not, so each event of hers is
    // recorded as no_connection: ten times as many rows as hank's deliveries.
    String hanksUpload = UUID.randomUUID().toString();
    String ginasUpload = UUID.randomUUID().toString();
    var hank = new SingleUpload("hank", UploadScript.completing(hanksUpload, false, 66, "A dam."));
    var gina = new SingleUpload("gina", UploadScript.completing(ginasUpload, false, 61, "A pier."));
    relay.registrar().register(List.of(hank, gina));
    TestSocket hanksSocket =
        TestSocket.open(
            relay.webSocketUri(), Map.of("Authorization", "Bearer " + relay.tokenFor("hank")));
    var events = new WorkerEvents(Clock.systemUTC());
    try (var publisher = relay.publisher()) {
      assertThat(hanksSocket.nextFrame()).contains("auth_success");
      for (int tick = 0; tick < hank.ticks(); tick++) {
        for (WorkerEvent event : hank.tick(tick, events)) {
          publisher.publish(event);
          assertThat(hanksSocket.nextFrame()).isEqualTo(event.json());
        }
      }
      for (int round = 0; round < 10; round++) {
        for (int tick = 0; tick < gina.ticks(); tick++) {
          gina.tick(tick, events).forEach(publisher::publish);
        }
      }
    } finally {
      hanksSocket.close();
    }
    int delivered = hank.ticks();
    int notConnected = 10 * gina.ticks();

    browser.open(relay.url("/admin?token=" + relay.tokenFor("root", Role.ADMIN)));
    browser.await(
        "the admin page to show its overview",
        driver -> driver.findElement(By.id("admin-content")).isDisplayed());
    browser.driver().findElement(By.id("auto-refresh")).click(); // only this test redraws
    awaitCounted(delivered, notConnected);
    assertThat(heading()).isEqualTo("Last hour");
    assertThat(chart().getDomAttribute("data-bucket")).isEqualTo("minute");
    assertThat(Integer.parseInt(chart().getDomAttribute("data-slots"))).isBetween(60, 61);
    assertDeliveredDrawnBesideTheRest("admin-outcomes-1h");

    choose("15m", "Last 15 minutes");
    assertThat(chart().getDomAttribute("data-bucket")).isEqualTo("minute");
    assertThat(Integer.parseInt(chart().getDomAttribute("data-slots"))).isBetween(15, 16);
    assertLastStatsRequest("minute", Duration.ofMinutes(15));
    assertDeliveredDrawnBesideTheRest("admin-outcomes-15m");
    browser.screenshot("admin-charts-15m");

    choose("24h", "Last 24 hours");
    assertThat(chart().getDomAttribute("data-bucket")).isEqualTo("hour");
    assertThat(Integer.parseInt(chart().getDomAttribute("data-slots"))).isBetween(24, 25);
    assertLastStatsRequest("hour", Duration.ofHours(24));
    assertDeliveredDrawnBesideTheRest("admin-outcomes-24h");
    assertThat(browser.driver().getCurrentUrl()).contains("range=24h");
    browser.screenshot("admin-charts-24h");

    // The period chosen stays in the address, so a reload shows it again.
    browser.open(relay.url("/admin?range=24h&token=" + relay.tokenFor("root", Role.ADMIN)));
    browser.await(
        "the reloaded admin page to show the last 24 hours by hour",
        driver ->
            heading().equals("Last 24 hours")
                && "hour".equals(chart().getDomAttribute("data-bucket")));
  }

  // Clicks the period's button and waits until the charts were asked for it and drawn again.
  private void choose(String range, String heading) {
    WebElement before = chart();
    browser
        .driver()
        .findElement(
            By.xpath("//fieldset[@id='stats-range']//label[input[@value='" + range + "']]"))
        .click();
    browser.await("the outcome chart to be drawn again", ExpectedConditions.stalenessOf(before));
    browser.await("the heading to read " + heading, driver -> heading.equals(heading()));
  }

  // The bars are measured on the screen: delivered green in the upper plot, tall on its own
  // scale although ten times fewer than the no-connection rows, and those grey below.
  private void assertDeliveredDrawnBesideTheRest(String screenshot) {
    Number tallest =
        (Number)
            browser.script(
                "return Math.max(0, ...[...document.querySelectorAll("
                    + "'#outcomes-chart rect.o-delivered')].map((r) => r.height.baseVal.value));");
    assertThat(tallest.doubleValue()).as("the tallest delivered bar, in pixels").isGreaterThan(40);
    BufferedImage image =
        browser.screenshot(screenshot, browser.driver().findElement(By.id("outcomes-chart")));
    assertThat(Pixels.near(image, DELIVERED)).as("delivered pixels").isGreaterThan(300);
    assertThat(Pixels.near(image, NO_CONNECTION)).as("no-connection pixels").isGreaterThan(300);
  }

  // The page's latest stats request, from the browser's resource timing: its bucket, and a period
  // starting `period` before it was sent.
  private void assertLastStatsRequest(String bucket, Duration period) {
    @SuppressWarnings("unchecked")
    List<Object> asked =
        (List<Object>)
            browser.script(
                "const entry = performance.getEntriesByType('resource')"
                    + ".filter((e) => e.name.includes('/api/admin/deliveries/stats')).at(-1);"
                    + "const url = new URL(entry.name);"
                    + "return [url.searchParams.get('bucket'),"
                    + " performance.timeOrigin + entry.startTime"
                    + " - Date.parse(url.searchParams.get('since'))];");
    assertThat(asked.get(0)).isEqualTo(bucket);
    // The page computes `since` just before sending: within a second of the period.
    assertThat(((Number) asked.get(1)).longValue())
        .isBetween(period.toMillis() - 1000, period.toMillis() + 1000);
  }

  // History is written a moment after delivery: refresh until the legend counts every row.
  private void awaitCounted(int delivered, int notConnected) {
    browser.await(
        "the outcome legend to count " + delivered + " delivered, " + notConnected + " not",
        Duration.ofMillis(400),
        driver -> {
          String legend = driver.findElement(By.id("outcomes-legend")).getText();
          if (count(legend, "Delivered") >= delivered
              && count(legend, "No connection") >= notConnected) {
            return legend;
          }
          driver.findElement(By.id("refresh-overview")).click();
          return null;
        });
  }

  private static int count(String legend, String label) {
    Matcher matcher = Pattern.compile(label + ": ([\\d,]+)").matcher(legend);
    return matcher.find() ? Integer.parseInt(matcher.group(1).replace(",", "")) : 0;
  }

  private static String heading() {
    return browser.driver().findElement(By.id("stats-heading")).getText();
  }

  private static WebElement chart() {
    return browser.driver().findElement(By.cssSelector("#outcomes-chart svg"));
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
