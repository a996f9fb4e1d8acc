package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.demo.simulator.SimulatedJob;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * In real headless Chromium, the reference client over the relay's Server-Sent Events stream
 * ({@code GET /api/events}): forced by its option, or after WebSocket upgrades keep failing behind
 * a proxy that refuses them, it hands the application the same events, subscribes through the REST
 * API, and resumes after a dropped connection without missing or repeating an event.
 */
class SseFallbackBrowserTest extends RelayInBrowserTest {
  private final WorkerEvents events = new WorkerEvents(Clock.systemUTC());
  private CuttableProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = CuttableProxy.to(relay.port());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  void onTheForcedStreamEveryEventArrivesOnceInOrderAcrossADrop() {
    SimulatedJob job = upload("sara", false);
    String uploadId = job.uploadIds().get(0);
    ClientPage page =
        ClientPage.start(
            browser, proxy.url("/"), relay.tokenFor("sara"), "{\"transport\":\"sse\"}");
    page.follow(uploadId); // through the REST API: the user did not follow it yet
    page.awaitCaughtUps(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.connectionIdsOf("sara").size() == 1);
    // Subscribed over REST: the stream now delivers the upload's events.
    List<WorkerEvent> published = new ArrayList<>();
    browser.await(
        "the REST subscription",
        driver -> {
          if (published.isEmpty()) {
            published.addAll(publishTicks(job, 0, 0));
          }
          return page.framesOf(uploadId).size() >= 1;
        });
    published.addAll(publishTicks(job, 1, 1));
    page.awaitFrames(uploadId, 2);

    proxy.cut();
    // A stream does not read, so the relay learns of the drop only from failed writes: wait for
    // the client instead, and publish while it is away.
    browser.await(
        "the client to notice the drop",
        driver -> page.recorded().get("states").findValuesAsText("state").contains("reconnecting"));
    long relayed = relay.eventsRelayed();
    published.addAll(publishTicks(job, 2, 4));
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.eventsRelayed() >= relayed + 3);
    proxy.heal();
    page.awaitCaughtUps(2);
    published.addAll(publishTicks(job, 5, job.ticks() - 1));
    page.awaitFrames(uploadId, published.size());

    assertThat(page.framesOf(uploadId))
        .as("every event once, in order; relay %s", relay.stats())
        .containsExactlyElementsOf(jsonOf(published));
    assertThat(page.eventsOf(uploadId))
        .allSatisfy(
            event -> assertThat(event.get("info").get("transport").asText()).isEqualTo("sse"));
    JsonNode resumed = page.lastCaughtUp();
    assertThat(resumed.get("since").isTextual()).isTrue();
    assertThat(resumed.get("recovered").asInt()).isEqualTo(3);
    assertThat(page.recorded().get("completions").asInt()).isEqualTo(1);
  }

  @Test
  void behindAProxyThatRefusesWebSocketsTheClientFallsBackToTheStream() {
    SimulatedJob job = upload("seth", true);
    String uploadId = job.uploadIds().get(0);
    proxy.blockWebSockets();
    ClientPage page = ClientPage.start(browser, proxy.url("/"), relay.tokenFor("seth"), "{}");
    page.follow(uploadId);
    page.awaitCaughtUps(1);

    List<WorkerEvent> published = publishTicks(job, 0, job.ticks() - 1);
    page.awaitFrames(uploadId, published.size());

    assertThat(page.framesOf(uploadId)).containsExactlyElementsOf(jsonOf(published));
    JsonNode states = page.recorded().get("states");
    assertThat(states.findValuesAsText("state"))
        .as("states %s", states)
        .containsSubsequence(
            "connecting", "reconnecting", "reconnecting", "reconnecting", "connected");
    JsonNode connected = states.get(states.size() - 1);
    assertThat(connected.get("transport").asText()).isEqualTo("sse");
    assertThat(browser.script("return window.relayClient.transport;")).isEqualTo("sse");
  }

  @Test
  void beforeItsTokenExpiresTheStreamIsReplacedByOneWithTheNextTokenMissingNothing() {
    SimulatedJob job = upload("sven", true);
    String uploadId = job.uploadIds().get(0);
    Duration firstTokenLife = Duration.ofSeconds(10);
    Instant issued = Instant.now();
    String options =
        "{\"transport\":\"sse\",\"refreshTokens\":[\"" + relay.tokenFor("sven") + "\"]}";
    ClientPage page =
        ClientPage.start(browser, proxy.url("/"), relay.tokenFor("sven", firstTokenLife), options);
    page.follow(uploadId);
    page.awaitCaughtUps(1);
    List<WorkerEvent> published = new ArrayList<>(publishTicks(job, 0, 0));
    page.awaitFrames(uploadId, 1);

    // Refreshed halfway through the first token's life: a new stream resumes from the old one's.
    page.awaitCaughtUps(2);
    await()
        .atMost(firstTokenLife.plusSeconds(10))
        .until(() -> Instant.now().isAfter(issued.plus(firstTokenLife).plusSeconds(2)));
    published.addAll(publishTicks(job, 1, job.ticks() - 1));
    page.awaitFrames(uploadId, published.size());

    assertThat(page.framesOf(uploadId)).containsExactlyElementsOf(jsonOf(published));
    JsonNode recorded = page.recorded();
    assertThat(recorded.get("states").findValuesAsText("state"))
        .as("the replacement changes no state")
        .containsExactly("connecting", "connected");
    assertThat(page.lastCaughtUp().get("since").isTextual()).isTrue();
    assertThat(recorded.get("gaps")).isEmpty();
  }

  @Test
  void theUserPageRunsOnTheStreamWhenAskedTo() {
    SimulatedJob job = upload("suki", true);
    String uploadId = job.uploadIds().get(0);
    UserPage page =
        UserPage.open(browser, proxy.url("/?transport=sse&token=" + relay.tokenFor("suki")));

    publishTicks(job, 0, 1);

    page.awaitProgress(uploadId, "Vision analysis", 20);
    assertThat(browser.driver().findElement(By.id("connection-log")).getText())
        .contains("Connected over Server-Sent Events");
    browser.screenshot("user-page-on-the-event-stream");
  }

  private SimulatedJob upload(String owner, boolean followed) {
    String id = UUID.randomUUID().toString();
    var job = new SingleUpload(owner, UploadScript.completing(id, false, 93, "A paper kite."));
    relay.registrar(followed).register(List.of(job));
    return job;
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

  private static List<JsonNode> jsonOf(List<WorkerEvent> published) {
    return published.stream().map(event -> ClientPage.parse(event.json())).toList();
  }
}
