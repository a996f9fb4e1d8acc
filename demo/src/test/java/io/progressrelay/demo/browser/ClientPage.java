package io.progressrelay.demo.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference client ({@code /client/progress-relay.js}) running in a page of the relay's origin,
 * with an application that records everything the client hands it (test resource {@code
 * reference-client/recorder.js}): events with their {@code info}, gaps, catch-up summaries, states.
 */
final class ClientPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HeadlessChromium browser;

  private ClientPage(HeadlessChromium browser) {
    this.browser = browser;
  }

  /**
   * Opens {@code pageUrl} (a page of the relay's origin) and starts a client there with {@code
   * token} and {@code optionsJson} (a JSON object of client options).
   */
  static ClientPage start(HeadlessChromium browser, String pageUrl, String token, String options) {
    browser.open(pageUrl);
    browser.script(recorder(), token, options);
    return new ClientPage(browser);
  }

  /** Has the application follow {@code uploadId} with a recording callback. */
  void follow(String uploadId) {
    browser.script("window.follow(arguments[0]);", uploadId);
  }

  /** Drops the connection from the client's side and reconnects, resuming. */
  void reconnect() {
    browser.script("window.relayClient.reconnect();");
  }

  /** Everything recorded so far. */
  JsonNode recorded() {
    try {
      return JSON.readTree((String) browser.script("return JSON.stringify(window.recorded);"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frames the application received for {@code uploadId}, as JSON, in order. */
  List<JsonNode> framesOf(String uploadId) {
    List<JsonNode> frames = new ArrayList<>();
    for (JsonNode event : recorded().get("events")) {
      if (uploadId.equals(event.get("upload").asText(null))) {
        frames.add(parse(event.get("frame").asText()));
      }
    }
    return frames;
  }

  /** The recorded events of {@code uploadId}: each {@code {upload, frame, info}}. */
  List<JsonNode> eventsOf(String uploadId) {
    List<JsonNode> events = new ArrayList<>();
    recorded()
        .get("events")
        .forEach(
            event -> {
              if (uploadId.equals(event.get("upload").asText(null))) {
                events.add(event);
              }
            });
    return events;
  }

  int caughtUps() {
    return recorded().get("caughtUps").size();
  }

  JsonNode lastCaughtUp() {
    JsonNode all = recorded().get("caughtUps");
    return all.get(all.size() - 1);
  }

  /** Waits until the client has caught up {@code count} times (v3: once per connection). */
  void awaitCaughtUps(int count) {
    browser.await("catch-up number " + count, driver -> caughtUps() >= count);
  }

  /** Waits until the application received {@code count} frames of {@code uploadId}. */
  void awaitFrames(String uploadId, int count) {
    browser.await(count + " frames of " + uploadId, driver -> framesOf(uploadId).size() >= count);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String recorder() {
    try (InputStream in =
        ClientPage.class.getClassLoader().getResourceAsStream("reference-client/recorder.js")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
