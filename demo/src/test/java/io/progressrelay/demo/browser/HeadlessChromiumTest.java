package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without Chromium or ChromeDriver the browser tests fail, saying how to install them. */
class HeadlessChromiumTest {
  @Test
  void aMissingBrowserFailsWithTheInstallCommand() {
    assertThatThrownBy(
            () -> HeadlessChromium.requireInstalled(Path.of("/nonexistent/chromium"), "Chromium"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Chromium at /nonexistent/chromium, which is missing")
        .hasMessageContaining("apt-get install -y chromium chromium-driver");
  }
}
