package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.demo.simulator.SimulatedJob;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.UploadStage;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * In real headless Chromium, the reference client speaking progress-relay.v3 resumes after its
 * connection drops: every event published meanwhile arrives once, in order; a replayed terminal
 * event is marked latest; a relay restart (pub/sub mode) is reported as a gap, then the latest
 * state. The browser reaches the relay through a proxy the test cuts, as a network would.
 */
class ResumeBrowserTest extends RelayInBrowserTest {
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
  void afterADroppedConnectionEveryMissedEventArrivesOnceInOrder() {
    SimulatedJob job = upload("rita");
    String uploadId = job.uploadIds().get(0);
    ClientPage page = ClientPage.start(browser, proxy.url("/"), relay.tokenFor("rita"), "{}");
    page.follow(uploadId);
    page.awaitCaughtUps(1);
    List<WorkerEvent> published = new ArrayList<>(publishTicks(job, 0, 1));
    page.awaitFrames(uploadId, 2);

    dropWhilePublishing(() -> published.addAll(publishTicks(job, 2, 4)), "rita");
    page.awaitCaughtUps(2);
    published.addAll(publishTicks(job, 5, job.ticks() - 1)); // live again: the terminal event
    page.awaitFrames(uploadId, published.size());

    assertThat(page.framesOf(uploadId))
        .as("every event once, in order; relay %s", relay.stats())
        .containsExactlyElementsOf(jsonOf(published));
    JsonNode resumed = page.lastCaughtUp();
    assertThat(resumed.get("since").isTextual()).isTrue();
    assertThat(resumed.get("recovered").asInt()).isEqualTo(3);
    assertThat(resumed.get("gaps")).isEmpty();
    JsonNode recorded = page.recorded();
    assertThat(recorded.get("completions").asInt()).isEqualTo(1);
    assertThat(recorded.get("gaps")).isEmpty();
    assertThat(recorded.get("states").findValuesAsText("state"))
        .containsSubsequence("connected", "reconnecting", "connected");
    assertThat(page.eventsOf(uploadId))
        .allSatisfy(event -> assertThat(event.get("info").get("latest").asBoolean()).isFalse());
  }

  @Test
  void aReplayedTerminalEventIsMarkedLatestAndRunsNoCompletionHandler() {
    SimulatedJob job = upload("rosa");
    String uploadId = job.uploadIds().get(0);
    long relayed = relay.eventsRelayed();
    List<WorkerEvent> finished = publishTicks(job, 0, job.ticks() - 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> relay.eventsRelayed() >= relayed + finished.size());

    ClientPage page = ClientPage.start(browser, proxy.url("/"), relay.tokenFor("rosa"), "{}");
    page.follow(uploadId);
    page.awaitFrames(uploadId, 1);
    page.awaitCaughtUps(1);
    page.reconnect(); // resumes: the terminal event is not replayed again
    page.awaitCaughtUps(2);
    WorkerEvent regenerated = events.progress(uploadId, UploadStage.QUEUED, false, 0);
    publish(List.of(regenerated));
    page.awaitFrames(uploadId, 2);

    List<JsonNode> received = page.eventsOf(uploadId);
    assertThat(received).hasSize(2);
    JsonNode replay = received.get(0);
    assertThat(ClientPage.parse(replay.get("frame").asText()))
        .isEqualTo(ClientPage.parse(finished.get(finished.size() - 1).json()));
    assertThat(replay.get("info").get("latest").asBoolean()).isTrue();
    assertThat(ClientPage.parse(received.get(1).get("frame").asText()))
        .isEqualTo(ClientPage.parse(regenerated.json()));
    assertThat(received.get(1).get("info").get("latest").asBoolean()).isFalse();
    assertThat(page.recorded().get("completions").asInt()).isZero();
  }

  @Test
  void aCompletionSeenLiveRunsItsHandlerOnceThroughAResumeAndARelayRestart() {
    SimulatedJob job = upload("rene");
    String uploadId = job.uploadIds().get(0);
    ClientPage page = ClientPage.start(browser, proxy.url("/"), relay.tokenFor("rene"), "{}");
    page.follow(uploadId);
    page.awaitCaughtUps(1);
    List<WorkerEvent> published = publishTicks(job, 0, job.ticks() - 1);
    page.awaitFrames(uploadId, published.size());

    page.reconnect(); // resumes: nothing missed, nothing repeated
    page.awaitCaughtUps(2);
    relay.stop(); // a new epoch: a gap, and the latest state read from storage
    relay.startAgain();
    page.awaitCaughtUps(3);

    JsonNode recorded = page.recorded();
    assertThat(recorded.get("completions").asInt()).isEqualTo(1);
    assertThat(recorded.get("gaps").findValuesAsText("channel")).contains("upload:" + uploadId);
    List<JsonNode> received = page.eventsOf(uploadId);
    assertThat(received.subList(0, published.size()))
        .allSatisfy(event -> assertThat(event.get("info").get("latest").asBoolean()).isFalse());
    // The terminal event the restarted relay replays is the one already seen: not delivered again,
    // or marked latest.
    assertThat(received.subList(published.size(), received.size()))
        .allSatisfy(event -> assertThat(event.get("info").get("latest").asBoolean()).isTrue());
  }

  @Test
  void afterARelayRestartTheClientIsToldOfTheGapAndGetsTheLatestState() {
    SimulatedJob job = upload("gus");
    String uploadId = job.uploadIds().get(0);
    ClientPage page = ClientPage.start(browser, proxy.url("/"), relay.tokenFor("gus"), "{}");
    page.follow(uploadId);
    page.awaitCaughtUps(1);
    List<WorkerEvent> seen = publishTicks(job, 0, 1);
    page.awaitFrames(uploadId, 2);

    List<WorkerEvent> missed = new ArrayList<>();
    dropWhilePublishing(
        () -> missed.addAll(publishTicks(job, 2, job.ticks() - 1)), // up to the terminal event
        "gus",
        () -> {
          relay.stop(); // pub/sub mode: the restarted relay numbers events in a new epoch
          relay.startAgain();
        });
    page.awaitCaughtUps(2);
    page.awaitFrames(uploadId, 3);

    JsonNode recorded = page.recorded();
    assertThat(recorded.get("gaps").findValuesAsText("channel"))
        .as("gaps in %s", recorded)
        .contains("upload:" + uploadId);
    assertThat(recorded.get("gaps").findValuesAsText("reason")).containsOnly("epoch_changed");
    List<JsonNode> received = page.eventsOf(uploadId);
    assertThat(received).hasSize(3);
    assertThat(page.framesOf(uploadId).subList(0, 2)).containsExactlyElementsOf(jsonOf(seen));
    JsonNode latest = received.get(2);
    assertThat(ClientPage.parse(latest.get("frame").asText()))
        .isEqualTo(ClientPage.parse(missed.get(missed.size() - 1).json()));
    assertThat(latest.get("info").get("latest").asBoolean()).isTrue();
    assertThat(page.lastCaughtUp().get("gaps")).isNotEmpty();
  }

  @Test
  void theUserPageSaysWhatItRecoveredAfterADrop() {
    SimulatedJob job = upload("ruth");
    String uploadId = job.uploadIds().get(0);
    UserPage page = UserPage.open(browser, proxy.url("/?token=" + relay.tokenFor("ruth")));
    publishTicks(job, 0, 1);
    page.awaitProgress(uploadId, "Vision analysis", UploadStage.VISION_ANALYSIS.percent());

    dropWhilePublishing(() -> publishTicks(job, 2, 3), "ruth");

    page.awaitProgress(
        uploadId, "Embedding generation", UploadStage.EMBEDDING_GENERATION.percent());
    String line =
        browser.await(
            "the log to tell of the resume",
            driver ->
                driver.findElements(By.cssSelector("#connection-log li")).stream()
                    .map(WebElement::getText)
                    .filter(text -> text.contains("Resumed from"))
                    .findFirst()
                    .orElse(null));
    assertThat(line).contains("2 missed events recovered");
    assertThat(browser.driver().findElement(By.id("recovered-count")).getText()).isEqualTo("2");
    browser.screenshot("user-page-resumed");

    browser.driver().findElement(By.id("reconnect")).click();
    browser.await(
        "the log to tell of the second resume",
        driver ->
            driver.findElements(By.cssSelector("#connection-log li")).stream()
                .anyMatch(item -> item.getText().contains("0 missed events recovered")));
    assertThat(browser.driver().findElement(By.id("recovered-count")).getText()).isEqualTo("2");
  }

  @Test
  void theUserPageSaysWhenARelayRestartMayHaveLostEvents() {
    SimulatedJob job = upload("rudi");
    String uploadId = job.uploadIds().get(0);
    UserPage page = UserPage.open(browser, proxy.url("/?token=" + relay.tokenFor("rudi")));
    publishTicks(job, 0, 1);
    page.awaitProgress(uploadId, "Vision analysis", UploadStage.VISION_ANALYSIS.percent());

    relay.stop(); // pub/sub mode: the restarted relay cannot resume positions of its last run
    relay.startAgain();

    String line =
        browser.await(
            "the log to tell of the gap",
            driver ->
                driver.findElements(By.cssSelector("#connection-log li")).stream()
                    .map(WebElement::getText)
                    .filter(text -> text.contains("Gap on upload " + uploadId))
                    .findFirst()
                    .orElse(null));
    assertThat(line).contains("(epoch changed): showing its latest state");
    page.awaitConnection("connected");
    publishTicks(job, 2, 2);
    page.awaitProgress(uploadId, "Description audit", UploadStage.DESCRIPTION_AUDIT.percent());
    browser.screenshot("user-page-gap");
  }

  // Cuts the browser's connections, waits until the relay has let go of the user's sockets, runs
  // {@code meanwhile} (publishing), waits until the relay took what was published, then heals.
  private void dropWhilePublishing(Runnable meanwhile, String user) {
    dropWhilePublishing(meanwhile, user, () -> {});
  }

  // As above, running {@code beforeHealing} once the relay took the events.
  private void dropWhilePublishing(Runnable meanwhile, String user, Runnable beforeHealing) {
    proxy.cut();
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.connectionIdsOf(user).isEmpty());
    long relayed = relay.eventsRelayed();
    int before = publishedCount;
    meanwhile.run();
    int count = publishedCount - before;
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.eventsRelayed() >= relayed + count);
    beforeHealing.run();
    proxy.heal();
  }

  private int publishedCount;

  private SimulatedJob upload(String owner) {
    String id = UUID.randomUUID().toString();
    var job = new SingleUpload(owner, UploadScript.completing(id, false, 88, "A tide pool."));
    relay.registrar().register(List.of(job));
    return job;
  }

  private List<WorkerEvent> publishTicks(SimulatedJob job, int first, int last) {
    List<WorkerEvent> published = new ArrayList<>();
    for (int tick = first; tick <= last; tick++) {
      published.addAll(job.tick(tick, events));
    }
    publish(published);
    return published;
  }

  private void publish(List<WorkerEvent> published) {
    try (var publisher = relay.publisher()) {
      published.forEach(publisher::publish);
    }
    publishedCount += published.size();
  }

  private static List<JsonNode> jsonOf(List<WorkerEvent> published) {
    return published.stream().map(event -> ClientPage.parse(event.json())).toList();
  }
}
