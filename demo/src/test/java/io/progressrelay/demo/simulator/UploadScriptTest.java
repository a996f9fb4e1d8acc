package io.progressrelay.demo.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadScriptTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkerEvents EVENTS = new WorkerEvents(Clock.systemUTC());

  @Test
  void anImageSkipsFrameExtractionAndEndsCompleted() {
    UploadScript script = UploadScript.completing("u-1", false, 80, "A cat.");

    assertThat(published(script))
        .containsExactly(
            "upload_progress queued 0",
            "upload_progress vision_analysis 20",
            "upload_progress description_audit 50",
            "upload_progress embedding_generation 60",
            "upload_progress indexing 90",
            "upload_completed");
    assertThat(script.succeeds()).isTrue();
    assertThat(script.percentAt(script.steps().size() - 1)).isEqualTo(100);
  }

  @Test
  void aFailingUploadStopsAfterItsLastStage() {
    UploadScript script =
        UploadScript.failing("u-2", true, UploadStage.DESCRIPTION_AUDIT, "Audit failed");

    assertThat(published(script))
        .containsExactly(
            "upload_progress queued 0",
            "upload_progress extracting_frames 10",
            "upload_progress vision_analysis 20",
            "upload_progress description_audit 50",
            "upload_failed");
    assertThat(script.succeeds()).isFalse();
    assertThat(script.percentAt(4)).isEqualTo(50);
  }

  @Test
  void aRetriedAnalysisGoesBackFrom50To20() {
    UploadScript script = UploadScript.completing("u-3", false, 80, "A dog.").withRetriedAnalysis();

    assertThat(published(script))
        .containsSubsequence(
            "upload_progress description_audit 50",
            "upload_progress vision_analysis 20",
            "upload_progress description_audit 50",
            "upload_progress embedding_generation 60");
  }

  @Test
  void aBatchReportsEachFileAndCountsFinishedOnes() {
    var ok = UploadScript.completing("f-1", false, 80, "A tree.");
    var failing = UploadScript.failing("f-2", false, UploadStage.QUEUED, "Corrupt file");
    var batch =
        new BatchUpload(
            "alice",
            "b-1",
            List.of(
                new BatchFile("f-1", "IMG_1.JPG", 1000), new BatchFile("f-2", "IMG_2.JPG", 2000)),
            List.of(ok, failing));

    List<String> first = actions(batch.tick(0, EVENTS));
    List<String> second = actions(batch.tick(1, EVENTS));
    List<String> last = actions(batch.tick(batch.ticks() - 1, EVENTS));

    assertThat(first)
        .containsExactly(
            "batch_progress processing 0/2",
            "upload_progress queued 0",
            "file_progress processing 0",
            "upload_progress queued 0",
            "file_progress processing 0");
    assertThat(second)
        .containsExactly(
            "upload_progress vision_analysis 20",
            "file_progress processing 20",
            "upload_failed",
            "file_progress failed 0",
            "batch_progress processing 1/2");
    assertThat(last)
        .containsExactly(
            "upload_completed", "file_progress completed 100", "batch_progress completed 2/2");
    assertThat(batch.uploadIds()).containsExactly("f-1", "f-2");
    assertThat(batch.failingUploads()).isEqualTo(1);
  }

  private static List<String> published(UploadScript script) {
    List<WorkerEvent> events = new ArrayList<>();
    for (int i = 0; i < script.steps().size(); i++) {
      events.add(script.event(i, EVENTS));
    }
    return actions(events);
  }

  // "upload_progress stage percent", "file_progress status percent", "batch_progress status
  // n/total"
  private static List<String> actions(List<WorkerEvent> events) {
    List<String> described = new ArrayList<>();
    for (WorkerEvent event : events) {
      JsonNode json;
      try {
        json = JSON.readTree(event.json());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      JsonNode payload = json.path("payload");
      described.add(
          switch (event.action()) {
            case "upload_progress" ->
                "upload_progress "
                    + payload.path("stage").asText()
                    + " "
                    + payload.path("progress_percent").asInt();
            case "file_progress" ->
                "file_progress "
                    + payload.path("status").asText()
                    + " "
                    + payload.path("progress_percentage").asInt();
            case "batch_progress" ->
                "batch_progress "
                    + payload.path("status").asText()
                    + " "
                    + payload.path("processed").asInt()
                    + "/"
                    + payload.path("total").asInt();
            default -> event.action();
          });
    }
    return described;
  }
}
