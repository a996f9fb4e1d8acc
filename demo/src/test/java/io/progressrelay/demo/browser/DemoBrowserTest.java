package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.demo.DemoOptions;
import io.progressrelay.demo.DemoRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** In real headless Chromium, the URLs the demo prints open pages full of moving uploads. */
class DemoBrowserTest {
  private static final Pattern RECORDED = Pattern.compile("(Delivered|No connection): [1-9]");

  private static DemoRun demo;
  private static HeadlessChromium browser;

  @BeforeAll
  static void start() {
    browser = HeadlessChromium.start();
    demo =
        DemoRun.start(
            Map.of("RELAY_HTTP_HOST", "127.0.0.1"),
            new DemoOptions(
                Optional.of(0), List.of("alice", "bob"), 3, Duration.ofMillis(400), true));
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theUserPageShowsSimulatedUploadsRunningAndFinishing() {
    UserPage.open(browser, demo.userPageUrl("alice"));

    browser.await(
        "an upload of alice to run and another to be done",
        driver ->
            !driver.findElements(By.cssSelector("li.upload[data-status=running]")).isEmpty()
                && !driver
                    .findElements(
                        By.cssSelector(
                            "li.upload[data-status=completed], li.upload[data-status=failed]"))
                    .isEmpty());
    browser.screenshot("demo-user-page");
  }

  @Test
  void theAdminPageCountsTheDemosDeliveries() {
    // While alice's page is open, her uploads' events are delivered to it.
    UserPage.open(browser, demo.userPageUrl("alice"));
    browser.await(
        "an upload of alice to run",
        driver -> !driver.findElements(By.cssSelector("li.upload[data-status=running]")).isEmpty());
    browser.open(demo.adminPageUrl());

    // History is written a moment after delivery: refresh until the last hour counts some.
    String legend =
        browser.await(
            "the admin overview to count the demo's deliveries",
            driver -> {
              String text = driver.findElement(By.id("outcomes-legend")).getText();
              if (RECORDED.matcher(text).find()) {
                return text;
              }
              driver.findElement(By.id("refresh-overview")).click();
              return null;
            });
    assertThat(legend).containsPattern(RECORDED);
    browser.screenshot("demo-admin-page");
  }
}
