package io.progressrelay.demo.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The user page ({@code /}) as a person sees it: the connection state and one card per upload. */
final class UserPage {
  private final HeadlessChromium browser;

  private UserPage(HeadlessChromium browser) {
    this.browser = browser;
  }

  static UserPage open(HeadlessChromium browser, String url) {
    browser.open(url);
    var page = new UserPage(browser);
    page.awaitConnection("connected");
    return page;
  }

  /** Waits until the header shows {@code state} (connecting, connected, reconnecting, closed). */
  String awaitConnection(String state) {
    return browser.await(
        "the connection state to become " + state,
        driver -> {
          WebElement status = driver.findElement(By.id("connection"));
          return state.equals(status.getDomAttribute("data-state")) ? status.getText() : null;
        });
  }

  /** From now on, every connection state the page shows is recorded, in order. */
  void recordConnectionStates() {
    browser.script(
        "const status = document.getElementById('connection');"
            + "window.relayStates = [status.dataset.state];"
            + "new MutationObserver(() => window.relayStates.push(status.dataset.state))"
            + ".observe(status, {attributes: true, attributeFilter: ['data-state']});");
  }

  @SuppressWarnings("unchecked")
  List<String> recordedConnectionStates() {
    return (List<String>) browser.script("return window.relayStates;");
  }

  /** Waits until the card of {@code uploadId} shows {@code stage} and {@code percent}. */
  void awaitProgress(String uploadId, String stage, int percent) {
    browser.await(
        uploadId + " to show " + stage + " at " + percent + " %",
        driver -> stage.equals(stageOf(uploadId)) && percent == percentOf(uploadId));
  }

  /** Waits until the card of {@code uploadId} has the badge {@code label} (e.g. Completed). */
  void awaitBadge(String uploadId, String label) {
    browser.await(
        uploadId + " to be marked " + label,
        driver -> label.equals(card(uploadId).findElement(By.className("badge")).getText()));
  }

  String stageOf(String uploadId) {
    return card(uploadId).findElement(By.className("stage")).getText();
  }

  int percentOf(String uploadId) {
    String value = card(uploadId).findElement(By.tagName("progress")).getDomProperty("value");
    return (int) Math.round(Double.parseDouble(value));
  }

  String messageOf(String uploadId) {
    return card(uploadId).findElement(By.className("upload-message")).getText();
  }

  private WebElement card(String uploadId) {
    return browser
        .driver()
        .findElement(
            By.xpath(
                "//li[contains(@class,'upload')][.//h3[normalize-space()='" + uploadId + "']]"));
  }
}
