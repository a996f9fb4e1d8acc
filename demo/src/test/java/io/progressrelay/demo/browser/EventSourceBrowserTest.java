package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.demo.simulator.RelayApi;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UploadId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * In real headless Chromium, the browser's own {@code EventSource} reads the relay's event stream:
 * events arrive with their position as {@code lastEventId}, and after a relay restart the browser
 * reconnects by itself and sends {@code Last-Event-ID}, which the new run answers with a gap (its
 * positions are of another epoch) and the latest state.
 */
class EventSourceBrowserTest extends RelayInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Opens an EventSource and records every message (its data and lastEventId) in window.seen.
  private static final String OPEN =
      """
      const [url] = arguments;
      window.seen = [];
      window.source = new EventSource(url);
      window.source.onmessage = (message) =>
          window.seen.push({id: message.lastEventId, data: message.data});
      """;

  @Test
  void eventsArriveWithTheirPositionAndAReconnectResumesWithLastEventId() {
    String uploadId = "sse-" + UUID.randomUUID();
    var api = new RelayApi(URI.create(relay.url("")));
    api.registerAll(relay.tokenFor("worker", Role.SERVICE), Map.of(uploadId, "carol"));
    assertThat(api.follow(relay.tokenFor("carol"), uploadId).join()).isIn(200, 201);
    browser.open(relay.url("/healthz"));
    browser.script(OPEN, relay.url("/api/events?token=" + relay.tokenFor("carol")));
    awaitNth("caught_up", 1);

    try (var publisher = relay.publisher()) {
      publisher.publish(progress(uploadId, 40));
      JsonNode event = awaitFirst("the event of 40 %", progressOf(40));
      assertThat(event.path("id").asText())
          .isEqualTo(event.path("frame").path("position").asText());

      relay.stop(); // ends every stream; EventSource reconnects on its own
      relay.startAgain();

      awaitNth("caught_up", 2);
      assertThat(framesOf("gap"))
          .anySatisfy(
              gap -> {
                assertThat(gap.path("channel").asText()).isEqualTo("upload:" + uploadId);
                assertThat(gap.path("reason").asText()).isEqualTo("epoch_changed");
              });
      publisher.publish(progress(uploadId, 60));
      // After the gap came the latest state (40 %, marked latest); then this live event.
      JsonNode live = awaitFirst("the live event of 60 %", progressOf(60));
      assertThat(live.path("frame").has("latest")).isFalse();
      assertThat(live.path("id").asText()).isEqualTo(live.path("frame").path("position").asText());
    } finally {
      browser.script("window.source.close();");
    }
  }

  private static WorkerEvent progress(String uploadId, int percent) {
    String json =
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + uploadId
            + "\",\"progress_percent\":"
            + percent
            + "}}";
    return new WorkerEvent(
        new EventChannel.Upload("upload:", new UploadId(uploadId)),
        "upload_progress",
        null,
        uploadId,
        json);
  }

  private static Predicate<JsonNode> progressOf(int percent) {
    return frame ->
        frame.path("action").asText().equals("event")
            && !frame.has("latest")
            && frame.path("data").path("payload").path("progress_percent").asInt() == percent;
  }

  /** Waits for the {@code count}-th message whose action is {@code action}. */
  private static JsonNode awaitNth(String action, int count) {
    return browser.await(
        count + " " + action + " message(s)",
        driver -> {
          List<JsonNode> frames = framesOf(action);
          return frames.size() >= count ? frames.get(count - 1) : null;
        });
  }

  /** Waits for the first message whose frame matches; returns {@code {"id":..,"frame":..}}. */
  @SuppressWarnings("unchecked")
  private static JsonNode awaitFirst(String what, Predicate<JsonNode> wanted) {
    return browser.await(
        what,
        driver -> {
          var seen = (List<Map<String, Object>>) browser.script("return window.seen;");
          for (Map<String, Object> message : seen) {
            JsonNode frame = parse((String) message.get("data"));
            if (wanted.test(frame)) {
              return JSON.createObjectNode()
                  .put("id", (String) message.get("id"))
                  .set("frame", frame);
            }
          }
          return null;
        });
  }

  /** Every frame received so far whose action is {@code action}, in order. */
  @SuppressWarnings("unchecked")
  private static List<JsonNode> framesOf(String action) {
    var seen = (List<Map<String, Object>>) browser.script("return window.seen;");
    return seen.stream()
        .map(message -> parse((String) message.get("data")))
        .filter(frame -> frame.path("action").asText().equals(action))
        .toList();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
