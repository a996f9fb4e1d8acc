package io.progressrelay.application.service.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OutcomeRunsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static EventRecord event(int n, String upload) {
    return new EventRecord(
        "e-" + n,
        "upload:" + upload,
        "upload_progress",
        Optional.of(upload),
        Optional.empty(),
        10,
        T0.plusMillis(n),
        "relay-1");
  }

  private static DeliveryView outcome(int n, String upload, String user, DeliveryOutcome outcome) {
    EventRecord event = event(n, upload);
    boolean written = outcome == DeliveryOutcome.DELIVERED;
    return new DeliveryView(
        event,
        new DeliveryRecord(
            event.eventId(),
            Optional.of(user),
            outcome,
            written ? 1 : 0,
            event.receivedAt(),
            written ? Optional.of(event.receivedAt()) : Optional.empty(),
            written ? OptionalLong.of(5) : OptionalLong.empty(),
            "relay-1"));
  }

  private static DeliveryView coalesced(int n, String user) {
    return outcome(n, "u-1", user, DeliveryOutcome.COALESCED);
  }

  private static DeliveryView run(DeliveryView last, int count, int first) {
    return new DeliveryView(
        last.event(),
        last.delivery().withRun(new DeliveryRun(count, "e-" + first, T0.plusMillis(first))));
  }

  @Test
  void coalescedFramesOfOneReaderInARowBecomeOneRunAtTheLastEvent() {
    List<DeliveryView> batch =
        List.of(coalesced(1, "alice"), coalesced(2, "alice"), coalesced(3, "alice"));

    assertThat(OutcomeRuns.summarized(batch)).containsExactly(run(batch.get(2), 3, 1));
  }

  @Test
  void aSingleReplacedFrameStaysAPlainOutcome() {
    List<DeliveryView> batch = List.of(coalesced(1, "alice"), coalesced(2, "bob"));

    assertThat(OutcomeRuns.summarized(batch)).containsExactlyElementsOf(batch);
  }

  @Test
  void aDeliveryOrAnotherOutcomeEndsTheRunAndKeepsItsPlace() {
    DeliveryView delivered = outcome(3, "u-1", "alice", DeliveryOutcome.DELIVERED);
    DeliveryView limited = outcome(6, "u-1", "alice", DeliveryOutcome.RATE_LIMITED);
    List<DeliveryView> batch =
        List.of(
            coalesced(1, "alice"),
            coalesced(2, "alice"),
            delivered,
            coalesced(4, "alice"),
            coalesced(5, "alice"),
            limited,
            outcome(7, "u-1", "alice", DeliveryOutcome.RATE_LIMITED));

    assertThat(OutcomeRuns.summarized(batch))
        .containsExactly(
            run(batch.get(1), 2, 1), delivered, run(batch.get(4), 2, 4), run(batch.get(6), 2, 6));
  }

  @Test
  void runsNeverMixReadersOrUploads() {
    DeliveryView otherUpload = outcome(3, "u-2", "alice", DeliveryOutcome.COALESCED);
    List<DeliveryView> batch =
        List.of(
            coalesced(1, "alice"),
            coalesced(2, "bob"),
            otherUpload,
            coalesced(4, "alice"),
            coalesced(5, "bob"));

    assertThat(OutcomeRuns.summarized(batch))
        .containsExactly(run(batch.get(3), 2, 1), run(batch.get(4), 2, 2), otherUpload);
  }

  @Test
  void outcomesSettledOutOfOrderStillSpanTheEarliestToTheLatestEvent() {
    List<DeliveryView> batch =
        List.of(coalesced(2, "alice"), coalesced(1, "alice"), coalesced(3, "alice"));

    assertThat(OutcomeRuns.summarized(batch)).containsExactly(run(batch.get(2), 3, 1));
  }
}
