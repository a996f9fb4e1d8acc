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
        driver ->
            stage.equals(stageOf(uploadId))
                && !barIsIndeterminate(uploadId)
                && percent == percentOf(uploadId));
  }

  /** Waits until the card of {@code uploadId} has the badge {@code label} (e.g. Completed). */
  void awaitBadge(String uploadId, String label) {
    browser.await(
        uploadId + " to be marked " + label,
        driver -> label.equals(card(uploadId).findElement(By.className("badge")).getText()));
  }

  /** Waits until the card of {@code uploadId} is titled {@code title}. */
  void awaitTitle(String uploadId, String title) {
    browser.await(uploadId + " to be titled " + title, driver -> title.equals(titleOf(uploadId)));
  }

  String titleOf(String uploadId) {
    return card(uploadId).findElement(By.tagName("h3")).getText();
  }

  /** The upload id shown under the title, "" when the title is the upload id itself. */
  String secondaryIdOf(String uploadId) {
    return card(uploadId).findElement(By.className("upload-id")).getText();
  }

  String stageOf(String uploadId) {
    return card(uploadId).findElement(By.className("stage")).getText();
  }

  /** The progress bar's value; fails when the bar is indeterminate (no value). */
  int percentOf(String uploadId) {
    String value = card(uploadId).findElement(By.tagName("progress")).getDomAttribute("value");
    return (int) Math.round(Double.parseDouble(value));
  }

  /** The percentage in the card's text ("20 %"), "" when it shows none. */
  String percentTextOf(String uploadId) {
    return card(uploadId).findElement(By.className("percent")).getText();
  }

  /**
   * True when the bar claims no value: an indeterminate {@code <progress>} (no value attribute).
   */
  boolean barIsIndeterminate(String uploadId) {
    return card(uploadId).findElement(By.tagName("progress")).getDomAttribute("value") == null;
  }

  /**
   * The upload ids of cards that say "No events yet" while showing a percentage or a bar with a
   * value: a state that contradicts itself.
   */
  @SuppressWarnings("unchecked")
  List<String> cardsWithNoEventsAndAPercentage() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('li.upload')].filter((card) =>"
                + " card.querySelector('.stage').textContent === 'No events yet'"
                + " && (card.querySelector('.percent').textContent !== ''"
                + " || card.querySelector('progress').hasAttribute('value')))"
                + ".map((card) => card.dataset.uploadId);");
  }

  String messageOf(String uploadId) {
    return card(uploadId).findElement(By.className("upload-message")).getText();
  }

  WebElement card(String uploadId) {
    return browser
        .driver()
        .findElement(By.cssSelector("li.upload[data-upload-id='" + uploadId + "']"));
  }
}
