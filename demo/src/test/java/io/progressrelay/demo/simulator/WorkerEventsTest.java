package io.progressrelay.demo.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's events are the workers' fixtures field for field, in order, with their types. */
class WorkerEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkerEvents EVENTS =
      new WorkerEvents(Clock.fixed(Instant.parse("2026-11-26T14:03:22.418211Z"), ZoneOffset.UTC));

  @Test
  void uploadProgressIsTheFixture() {
    WorkerEvent event =
        EVENTS.progress(
            "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11", UploadStage.VISION_ANALYSIS, false, 91);

    // Published at the fixture's time, it is the fixture byte for byte.
    assertThat(event.json()).isEqualTo(VuemanticsFixtures.read("upload_progress.json").strip());
    assertThat(event.channel())
        .isEqualTo(
            new EventChannel.Upload(
                "upload:", new UploadId("6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11")));
    assertThat(event.payloadUploadId()).isEqualTo("6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11");
  }

  @Test
  void terminalEventsAreTheFixtures() {
    String description =
        "A close-up photograph of a hand-thrown ceramic mug with a speckled cream glaze on a"
            + " wooden table, steam rising from coffee, soft window light from the left, shallow"
            + " depth of field with a blurred bookshelf behind.";
    WorkerEvent completed =
        EVENTS.completed("6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11", description, 91);
    WorkerEvent failed =
        EVENTS.failed(
            "9d3e7b21-55a0-4f6b-8c1d-0e4a6b2f9c33", "Vision model timed out after 3 attempts");

    assertThat(normalized(completed.json())).isEqualTo(fixture("upload_completed.json"));
    assertThat(normalized(failed.json())).isEqualTo(fixture("upload_failed.json"));
    assertThat(completed.isTerminal()).isTrue();
    assertThat(failed.isTerminal()).isTrue();
  }

  @Test
  void batchAndFileProgressAreTheFixturesOnTheUserChannel() {
    String batch = "b7a1c3d5-2e4f-4a6b-8c9d-0e1f2a3b4c5d";
    WorkerEvent summary = EVENTS.batchProgress("alice", batch, "processing", 12, 4, 1);
    WorkerEvent file =
        EVENTS.fileProgress(
            "alice",
            batch,
            new BatchFile("c2d4e6f8-1a3b-4c5d-9e7f-0a2b4c6d8e0f", "IMG_4412.HEIC", 3481220),
            10,
            "processing");

    assertThat(normalized(summary.json())).isEqualTo(fixture("batch_progress.json"));
    assertThat(normalized(file.json())).isEqualTo(fixture("file_progress.json"));
    assertThat(summary.channel()).isEqualTo(new EventChannel.User("user:", new UserId("alice")));
    assertThat(file.payloadBatchId()).isEqualTo(batch);
    assertThat(file.payloadUploadId()).isEqualTo("c2d4e6f8-1a3b-4c5d-9e7f-0a2b4c6d8e0f");
  }

  @Test
  void aVideoGoesThroughTheStagesOfTheSequenceFixture() {
    String id = "0b6a4f0e-8a51-4c1e-b0e5-4f3c9d2a7e60";
    UploadScript script =
        UploadScript.completing(
            id,
            true,
            85,
            "A short video of a red kayak crossing a calm lake at sunrise; mist over the water,"
                + " pine forest on the far shore, a heron takes off near the end.");
    List<String> published = new ArrayList<>();
    for (int i = 0; i < script.steps().size(); i++) {
      published.add(normalized(script.event(i, EVENTS).json()));
    }

    List<String> expected =
        VuemanticsFixtures.read("upload_progress_sequence.jsonl")
            .lines()
            .filter(line -> !line.isBlank())
            .map(WorkerEventsTest::normalized)
            .toList();
    assertThat(published).containsExactlyElementsOf(expected);
  }

  @Test
  void timestampsAreNaiveUtcWithMicroseconds() {
    var events =
        new WorkerEvents(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    assertThat(events.failed("u-1", "boom").json())
        .endsWith("\"timestamp\":\"2026-01-02T03:04:05.000000\"}");
  }

  private static String fixture(String name) {
    return normalized(VuemanticsFixtures.read(name).strip());
  }

  // The same document with the time of publishing set aside and the fixtures' spacing removed.
  private static String normalized(String json) {
    try {
      JsonNode tree = JSON.readTree(json);
      ((ObjectNode) tree).put("timestamp", "<publishing time>");
      return JSON.writeValueAsString(tree);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
