package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.demo.simulator.SimulatedJob;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In real headless Chromium, the reference client on a socket that stays open while the relay's
 * Redis restarts (pub/sub mode: events published meanwhile are lost) is told so with a {@code
 * listener_outage} gap, then the latest state, and carries on with the events after it. The relay
 * runs on a Redis of the test's own.
 */
class ListenerOutageBrowserTest {
  private static ThrowawayRedis redis;
  private static BrowserRelay relay;
  private static HeadlessChromium browser;
  private final WorkerEvents events = new WorkerEvents(Clock.systemUTC());

  @BeforeAll
  static void start() {
    redis = ThrowawayRedis.start();
    browser = HeadlessChromium.start();
    relay = BrowserRelay.start("ListenerOutageBrowserTest", redis.settings());
  }

  @AfterAll
  static void stop() {
    if (relay != null) {
      relay.close();
    }
    if (browser != null) {
      browser.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aRedisRestartIsAGapOnTheOpenSocketThenEventsFlowAgain() {
    String uploadId = UUID.randomUUID().toString();
    SimulatedJob job =
        new SingleUpload("lena", UploadScript.completing(uploadId, false, 75, "A snow owl."));
    relay.registrar().register(List.of(job));
    ClientPage page = ClientPage.start(browser, relay.url("/"), relay.tokenFor("lena"), "{}");
    page.follow(uploadId);
    page.awaitCaughtUps(1);
    List<WorkerEvent> before = publishTicks(job, 0, 1);
    page.awaitFrames(uploadId, before.size());

    redis.stop();
    redis.restart();
    browser.await(
        "the listener_outage gap",
        driver ->
            page.recorded().get("gaps").findValuesAsText("reason").contains("listener_outage"));
    // The gap comes once the listener is back: what is published now arrives.
    List<WorkerEvent> after = publishTicks(job, 2, job.ticks() - 1);
    page.awaitFrames(uploadId, before.size() + after.size());

    List<JsonNode> expected = new ArrayList<>();
    before.forEach(event -> expected.add(ClientPage.parse(event.json())));
    after.forEach(event -> expected.add(ClientPage.parse(event.json())));
    assertThat(page.framesOf(uploadId)).containsExactlyElementsOf(expected);
    JsonNode recorded = page.recorded();
    assertThat(recorded.get("gaps").findValuesAsText("channel")).contains("upload:" + uploadId);
    assertThat(recorded.get("caughtUps")).hasSize(1); // the same socket throughout
    assertThat(recorded.get("states").findValuesAsText("state"))
        .containsExactly("connecting", "connected");
    assertThat(recorded.get("completions").asInt()).isEqualTo(1);
  }

  private List<WorkerEvent> publishTicks(SimulatedJob job, int first, int last) {
    List<WorkerEvent> published = new ArrayList<>();
    for (int tick = first; tick <= last; tick++) {
      published.addAll(job.tick(tick, events));
    }
    try (var publisher = relay.publisher()) {
      published.forEach(publisher::publish);
    }
    return published;
  }
}
