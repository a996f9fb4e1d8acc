package io.progressrelay.application.service.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeliveryHistoryRecorderTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static EventRecord event(int n) {
    return new EventRecord(
        "e-" + n, "upload:u", "upload_progress", Optional.of("u"), Optional.empty(), 10, T0, "a");
  }

  private static DeliveryRecord noSubscribers(int n) {
    return new DeliveryRecord(
        "e-" + n,
        Optional.empty(),
        DeliveryOutcome.NO_SUBSCRIBERS,
        0,
        T0,
        Optional.empty(),
        OptionalLong.empty(),
        "a");
  }

  @Test
  void aBatchTheStoreRefusesForGoodIsDroppedAndCountedWithoutBlockingLaterOnes() {
    var refuseOnce = new AtomicBoolean(true);
    var history = new RecordingHistoryStore();
    DeliveryHistoryStore refusingFirst =
        new DeliveryHistoryStore() {
          @Override
          public void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {
            if (refuseOnce.getAndSet(false)) {
              throw new IllegalArgumentException("a row this store will never accept");
            }
            history.append(events, deliveries);
          }

          @Override
          public void recordGap(HistoryGap gap) {
            history.recordGap(gap);
          }

          @Override
          public int maintainRetention(Instant today, int daysAhead, Instant keepSince) {
            return history.maintainRetention(today, daysAhead, keepSince);
          }
        };
    try (var recorder =
        new DeliveryHistoryRecorder(
            refusingFirst,
            HistoryLevel.ALL,
            Clock.systemUTC(),
            "a",
            100,
            10,
            Duration.ofMillis(10))) {
      recorder.record(event(1), noSubscribers(1), EventKind.PROGRESS);
      await().until(() -> recorder.stats().lost() == 1);

      recorder.record(event(2), noSubscribers(2), EventKind.PROGRESS);

      await().until(() -> recorder.stats().written() == 1);
      await()
          .until(
              () -> overlaps(history.gaps(), T0.minusSeconds(3600), Instant.now().plusSeconds(60)));
    }
  }

  // What DeliveryHistoryQueries.gaps(since, until) answers: a gap overlapping the period.
  private static boolean overlaps(List<HistoryGap> gaps, Instant since, Instant until) {
    return gaps.stream().anyMatch(g -> g.from().isBefore(until) && !g.to().isBefore(since));
  }

  /** An event with one outcome per entry of {@code outcomes}, recipients u-0, u-1, ... */
  private static SettledEvent settled(int n, EventKind kind, DeliveryOutcome... outcomes) {
    EventRecord event = event(n);
    return new SettledEvent() {
      @Override
      public EventRecord event() {
        return event;
      }

      @Override
      public EventKind kind() {
        return kind;
      }

      @Override
      public int outcomes() {
        return outcomes.length;
      }

      @Override
      public DeliveryOutcome outcome(int index) {
        return outcomes[index];
      }

      @Override
      public DeliveryRecord record(int index) {
        return new DeliveryRecord(
            event.eventId(),
            Optional.of("u-" + index),
            outcomes[index],
            0,
            T0,
            Optional.empty(),
            OptionalLong.empty(),
            "a");
      }
    };
  }

  @Test
  void anEventWhoseOutcomesDoNotFitTheBufferIsLostWholeWithoutWaiting() {
    try (var recorder =
        new DeliveryHistoryRecorder(
            new RecordingHistoryStore(),
            HistoryLevel.ALL,
            Clock.systemUTC(),
            "a",
            2,
            10,
            Duration.ofMillis(10))) {
      recorder.record(
          settled(
              1,
              EventKind.PROGRESS,
              DeliveryOutcome.FAILED,
              DeliveryOutcome.FAILED,
              DeliveryOutcome.FAILED));

      assertThat(recorder.stats().recorded()).isEqualTo(3);
      assertThat(recorder.stats().lost()).isEqualTo(3);
      assertThat(recorder.stats().buffered()).isZero();
    }
  }

  @Test
  void atLevelTerminalAProgressEventCountsOnlyItsNonDeliveries() {
    try (var recorder =
        new DeliveryHistoryRecorder(
            new RecordingHistoryStore(),
            HistoryLevel.TERMINAL,
            Clock.systemUTC(),
            "a",
            100,
            10,
            Duration.ofMillis(10))) {
      recorder.record(
          settled(
              1,
              EventKind.PROGRESS,
              DeliveryOutcome.DELIVERED,
              DeliveryOutcome.COALESCED,
              DeliveryOutcome.DELIVERED));
      recorder.record(
          settled(2, EventKind.TERMINAL, DeliveryOutcome.DELIVERED, DeliveryOutcome.DELIVERED));

      assertThat(recorder.stats().recorded()).isEqualTo(3);
    }
  }

  @Test
  void atLevelOffNothingIsRecorded() {
    var history = new RecordingHistoryStore();
    try (var recorder =
        new DeliveryHistoryRecorder(
            history, HistoryLevel.OFF, Clock.systemUTC(), "a", 100, 10, Duration.ofMillis(10))) {
      recorder.record(event(1), noSubscribers(1), EventKind.TERMINAL);

      assertThat(recorder.stats().recorded()).isZero();
    }
  }
}
