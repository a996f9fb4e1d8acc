package io.progressrelay.demo.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.fixtures.VuemanticsFixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The demo and the simulator publish only events the old relay's browser client accepts, so the
 * pages that still use it show them instead of silently dropping them.
 */
class SimulatedEventsShapeTest {
  private static final WorkerEvents EVENTS = new WorkerEvents(Clock.systemUTC());

  @Test
  void everyEventOfAThousandGeneratedJobsPassesTheOldClientsSchema() {
    var jobs = new JobFactory(List.of("alice", "bob"), new Random(20261126));
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      SimulatedJob job = jobs.next(JobFactory.BATCH_SIZE);
      for (int tick = 0; tick < job.ticks(); tick++) {
        job.tick(tick, EVENTS).forEach(event -> published.add(event.json()));
      }
    }

    assertThat(published)
        .hasSizeGreaterThan(5000)
        .allSatisfy(frame -> assertThat(OldClientSchema.problemsOf(frame)).as(frame).isEmpty());
    assertThat(published).anySatisfy(frame -> assertThat(frame).contains("\"audit_score\":"));
  }

  @Test
  void auditScoresAreIntegersFrom0To100() {
    String id = "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11";

    assertThat(EVENTS.completed(id, "A cat.", 91).json()).contains("\"audit_score\":91,");
    assertThat(EVENTS.progress(id, UploadStage.INDEXING, false, 84).json())
        .contains("\"description_audit_score\":84}");
    assertThat(EVENTS.progress(id, UploadStage.QUEUED, false, 84).json())
        .contains("\"description_audit_score\":null}");
  }

  @Test
  void theSchemaDropsWhatTheOldClientDrops() {
    String id = "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11";
    String fractional =
        "{\"action\":\"upload_completed\",\"upload_id\":\""
            + id
            + "\",\"description\":\"A cat.\",\"audit_score\":9.1,\"timestamp\":\"t\"}";
    String notUuid = fractional.replace(id, "u-1").replace("9.1", "91");

    assertThat(OldClientSchema.problemsOf(fractional))
        .containsExactly("audit_score is not an integer 0..100: 9.1");
    assertThat(OldClientSchema.problemsOf(notUuid))
        .containsExactly("upload_id is not a UUID: \"u-1\"");
    assertThat(VuemanticsFixtures.everyEventPayload())
        .allSatisfy(frame -> assertThat(OldClientSchema.problemsOf(frame)).as(frame).isEmpty());
  }
}
