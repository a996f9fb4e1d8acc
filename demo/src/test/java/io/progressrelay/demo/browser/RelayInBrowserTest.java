package io.progressrelay.demo.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A relay wired to the real PostgreSQL and Redis and a headless Chromium, started once for a test
 * class (its database named after the class) and closed after its last test.
 */
abstract class RelayInBrowserTest {
  static BrowserRelay relay;
  static HeadlessChromium browser;

  @BeforeAll
  static void startRelayAndBrowser(TestInfo test) {
    browser = HeadlessChromium.start();
    relay = BrowserRelay.start(test.getTestClass().orElseThrow().getSimpleName());
  }

  @AfterAll
  static void stopRelayAndBrowser() {
    if (relay != null) {
      relay.close();
    }
    if (browser != null) {
      browser.close();
    }
  }
}
