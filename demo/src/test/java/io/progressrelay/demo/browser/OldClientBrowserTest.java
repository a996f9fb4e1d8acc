package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.demo.simulator.BatchFile;
import io.progressrelay.demo.simulator.BatchUpload;
import io.progressrelay.demo.simulator.SimulatedJob;
import io.progressrelay.demo.simulator.SingleUpload;
import io.progressrelay.demo.simulator.UploadScript;
import io.progressrelay.demo.simulator.UploadStage;
import io.progressrelay.demo.simulator.WorkerEvent;
import io.progressrelay.demo.simulator.WorkerEvents;
import io.progressrelay.domain.EventChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;

/**
 * The old relay's browser client, unchanged, against the real relay in headless Chromium: a
 * stand-in written to that client's behaviour (test resources {@code old-relay-client/}), served
 * from an origin of its own as the old application is. It opens its socket without a subprotocol,
 * drops every frame its schema rejects, gives up for good on 4001-4004 and runs its completion
 * handler on every {@code upload_completed}.
 */
class OldClientBrowserTest extends RelayInBrowserTest {
  private static OldClientSite site;
  private final WorkerEvents events = new WorkerEvents(Clock.systemUTC());

  @BeforeAll
  static void startTheOldApplicationsSite() {
    site = OldClientSite.start();
  }

  @AfterAll
  static void stopTheOldApplicationsSite() {
    site.close();
  }

  @Test
  void itReceivesUploadAndUserEventsInPublishOrderByteForByte() {
    String batchId = UUID.randomUUID().toString();
    List<BatchFile> files =
        List.of(
            new BatchFile(UUID.randomUUID().toString(), "IMG_0001.HEIC", 2_400_000),
            new BatchFile(UUID.randomUUID().toString(), "CLIP_0002.MP4", 31_000_000));
    var batch =
        new BatchUpload(
            "olga",
            batchId,
            files,
            List.of(
                UploadScript.completing(files.get(0).uploadId(), false, 91, "A harbour at dawn."),
                UploadScript.failing(
                    files.get(1).uploadId(), true, UploadStage.VISION_ANALYSIS, "Corrupt file")));
    relay.registrar().register(List.of(batch));
    openPage(relay.tokenFor("olga"));
    List<String> answers = new ArrayList<>();
    for (String uploadId : batch.uploadIds()) {
      browser.script("window.oldClient.subscribeToUpload(arguments[0]);", uploadId);
      answers.add("{\"action\":\"subscribed\",\"upload_id\":\"" + uploadId + "\"}");
    }
    browser.await("the subscribed answers", driver -> dropped().size() == answers.size());

    List<WorkerEvent> published = publishAll(batch);

    awaitQuietly("every event", () -> handled().size() == published.size());
    // On a miss the assertions name the events that did not arrive and the relay's counters.
    assertThat(handledOn("upload"))
        .as("upload events handled; relay %s", relay.stats())
        .containsExactlyElementsOf(jsonOn(published, true));
    assertThat(handledOn("user"))
        .as("user events handled; relay %s", relay.stats())
        .containsExactlyElementsOf(jsonOn(published, false));
    assertThat(dropped()).containsExactlyElementsOf(answers);
    assertThat(completions()).containsExactly(files.get(0).uploadId());
  }

  @Test
  void aTokenThatExpiresWhileItIsConnectedDoesNotDisconnectIt() {
    var upload = upload("otto");
    Instant issued = Instant.now();
    openPage(relay.tokenFor("otto", Duration.ofSeconds(5)));
    List<String> socket = relay.connectionIdsOf("otto");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> Instant.now().isAfter(issued.plusSeconds(7)));
    WorkerEvent afterExp = publishTick(upload, 0);

    browser.await("an event published after exp", driver -> handled().size() == 1);
    assertThat(handledOn("upload")).containsExactly(afterExp.json());
    assertThat(closes()).isEmpty();
    assertThat(relay.connectionIdsOf("otto")).isEqualTo(socket);
  }

  @Test
  void subscribingToAFinishedUploadDoesNotRunItsCompletionHandler() {
    var upload = upload("oona");
    long relayed = relay.eventsRelayed();
    int published = publishAll(upload).size();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> relay.eventsRelayed() >= relayed + published);
    openPage(relay.tokenFor("oona"));
    String uploadId = upload.uploadIds().get(0);

    browser.script("window.oldClient.subscribeToUpload(arguments[0]);", uploadId);
    browser.await("the subscribed answer", driver -> dropped().size() == 1);
    // Regenerated: its first event follows any replay on the upload's channel.
    WorkerEvent regenerated = events.progress(uploadId, UploadStage.QUEUED, false, 0);
    try (var publisher = relay.publisher()) {
      publisher.publish(regenerated);
    }

    browser.await("the regenerated upload's event", driver -> handled().size() >= 1);
    assertThat(handledOn("upload")).containsExactly(regenerated.json());
    assertThat(completions()).isEmpty();
  }

  @Test
  void afterARelayRestartItReconnectsAndReceivesEventsAgain() {
    var upload = upload("oscar");
    openPage(relay.tokenFor("oscar"));

    relay.stop(); // closes every socket with 1012 "service restart"
    browser.await("the restart's close", driver -> closes().contains(1012L));
    relay.startAgain();
    browser.await("a second authentication", driver -> authentications() == 2);
    WorkerEvent afterRestart = publishTick(upload, 0);

    browser.await("an event after the restart", driver -> handled().size() == 1);
    assertThat(handledOn("upload")).containsExactly(afterRestart.json());
    assertThat(browser.script("return window.oldApp.gaveUp;")).isNull();
  }

  // An image the user follows (registered over REST, as the workers' backend does).
  private SimulatedJob upload(String owner) {
    String id = UUID.randomUUID().toString();
    var job = new SingleUpload(owner, UploadScript.completing(id, false, 84, "A red bicycle."));
    relay.registrar().register(List.of(job));
    return job;
  }

  private void openPage(String token) {
    browser.open(site.pageUrl(relay.webSocketUri().toString(), token));
    browser.await("the old client to authenticate", driver -> authentications() == 1);
  }

  private List<WorkerEvent> publishAll(SimulatedJob job) {
    List<WorkerEvent> published = new ArrayList<>();
    try (var publisher = relay.publisher()) {
      for (int tick = 0; tick < job.ticks(); tick++) {
        for (WorkerEvent event : job.tick(tick, events)) {
          publisher.publish(event);
          published.add(event);
        }
      }
    }
    return published;
  }

  // Waits for the condition, but leaves the verdict to the assertions that follow it.
  private void awaitQuietly(String what, BooleanSupplier condition) {
    try {
      browser.await(what, driver -> condition.getAsBoolean());
    } catch (TimeoutException e) {
      // the assertions after this say what is missing
    }
  }

  private WorkerEvent publishTick(SimulatedJob job, int tick) {
    List<WorkerEvent> published = job.tick(tick, events);
    try (var publisher = relay.publisher()) {
      published.forEach(publisher::publish);
    }
    return published.get(0);
  }

  private static List<String> jsonOn(List<WorkerEvent> published, boolean uploadChannel) {
    return published.stream()
        .filter(event -> event.channel() instanceof EventChannel.Upload == uploadChannel)
        .map(WorkerEvent::json)
        .toList();
  }

  private long authentications() {
    Object count = browser.script("return window.oldApp ? window.oldApp.authenticated : 0;");
    return ((Number) count).longValue();
  }

  @SuppressWarnings("unchecked")
  private List<List<String>> handled() {
    return (List<List<String>>) browser.script("return window.oldApp.events;");
  }

  private List<String> handledOn(String channel) {
    return handled().stream().filter(e -> e.get(0).equals(channel)).map(e -> e.get(1)).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> dropped() {
    return (List<String>) browser.script("return window.oldApp.dropped;");
  }

  @SuppressWarnings("unchecked")
  private List<String> completions() {
    return (List<String>) browser.script("return window.oldApp.completions;");
  }

  @SuppressWarnings("unchecked")
  private List<Long> closes() {
    return (List<Long>) browser.script("return window.oldApp.closes;");
  }
}
