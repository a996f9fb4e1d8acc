package io.progressrelay.demo.browser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by the system's ChromeDriver, with a throw-away profile. Fails
 * loudly, never skips, when either is missing. Screenshots go to {@code target/screenshots/}.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Path profile;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  /**
   * Starts the browser.
   *
   * @throws IllegalStateException saying how to install Chromium or ChromeDriver when missing
   */
  static HeadlessChromium start() {
    requireInstalled(CHROMIUM, "Chromium");
    requireInstalled(CHROMEDRIVER, "ChromeDriver");
    Path profile;
    try {
      profile = Files.createTempDirectory("relay-browser-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    var logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new HeadlessChromium(profile, new ChromeDriver(service, options));
  }

  static void requireInstalled(Path executable, String what) {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "The browser tests need "
              + what
              + " at "
              + executable
              + ", which is missing. Install Chromium and ChromeDriver with"
              + " `apt-get install -y chromium chromium-driver` (Debian; .ci/run does this), then"
              + " run the tests again.");
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits (30 s at most) until {@code condition} gives a non-null, non-false value. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, Duration.ofMillis(100), condition);
  }

  /** As {@link #await(String, Function)}, trying the condition every {@code interval}. */
  <T> T await(String what, Duration interval, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, PATIENCE, interval)
          .withMessage(() -> what + "; the page logged:\n" + consoleLog())
          .until(condition);
    } catch (RuntimeException e) {
      screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
      throw e;
    }
  }

  /** Runs a script in the page and returns its result. */
  Object script(String javaScript, Object... arguments) {
    return driver.executeScript(javaScript, arguments);
  }

  /** Saves the page as {@code target/screenshots/<name>.png} and returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Saves what {@code element} looks like as {@code target/screenshots/<name>.png} and returns the
   * image, to count its pixels.
   */
  BufferedImage screenshot(String name, WebElement element) {
    try {
      Files.createDirectories(SCREENSHOTS);
      byte[] png = element.getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the page wrote to its console so far. */
  String consoleLog() {
    try {
      List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
      return entries.stream().map(LogEntry::toString).collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(the console log is unavailable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
