package io.progressrelay.application.port.out.contract;

import static io.progressrelay.application.port.out.contract.HistoryTestData.delivered;
import static io.progressrelay.application.port.out.contract.HistoryTestData.event;
import static io.progressrelay.application.port.out.contract.HistoryTestData.everything;
import static io.progressrelay.application.port.out.contract.HistoryTestData.noSubscribers;
import static io.progressrelay.application.port.out.contract.HistoryTestData.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.out.history.DeliveryPage;
import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.OutcomeBucket;
import io.progressrelay.domain.history.TimelineEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every delivery-history store must do; each adapter runs it with a fresh, empty store per
 * test, and it runs unchanged against the in-memory and the PostgreSQL adapter.
 */
public abstract class DeliveryHistoryContract {
  protected static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  protected DeliveryHistoryAdapters history;

  /** A store without rows, gaps or days, isolated from every other test. */
  protected abstract DeliveryHistoryAdapters emptyHistory();

  /** The days for which the store holds storage (PostgreSQL: its partitions), oldest first. */
  protected abstract List<LocalDate> storedDays();

  @BeforeEach
  void startEmpty() {
    history = emptyHistory();
  }

  private static Instant at(double secondsAfterT0) {
    return T0.plusNanos((long) (secondsAfterT0 * 1_000_000) * 1000);
  }

  private void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    history.store().append(events, deliveries);
  }

  private List<DeliveryView> all() {
    return history.queries().deliveries(everything(1000)).items();
  }

  private static DeliveryQuery search(
      String uploadId, String userId, String action, DeliveryOutcome outcome) {
    return new DeliveryQuery(
        Optional.ofNullable(uploadId),
        Optional.ofNullable(userId),
        Optional.ofNullable(action),
        Optional.ofNullable(outcome),
        Optional.empty(),
        Optional.empty(),
        100,
        Optional.empty());
  }

  @Test
  void appendedOutcomesComeBackNewestFirstWithEveryField() {
    EventRecord first = event("e-1", "u-1", at(1.000_001));
    var userEvent =
        new EventRecord(
            "e-2",
            "user:bob",
            "notice",
            Optional.empty(),
            Optional.of("batch-7"),
            5,
            at(2),
            "relay-2");
    EventRecord third = event("e-3", "u-2", at(3));
    DeliveryRecord toAlice = delivered(first, "alice", 1234);
    DeliveryRecord toBob = outcome(first, "bob", DeliveryOutcome.COALESCED);
    DeliveryRecord toBobAgain = delivered(userEvent, "bob", 17);
    DeliveryRecord nobody = noSubscribers(third);

    append(List.of(first, userEvent, third), List.of(toAlice, toBob, toBobAgain, nobody));

    assertThat(all())
        .containsExactly(
            new DeliveryView(third, nobody),
            new DeliveryView(userEvent, toBobAgain),
            new DeliveryView(first, toBob),
            new DeliveryView(first, toAlice));
  }

  @Test
  void eachFilterSelectsOnlyItsRows() {
    EventRecord progress = event("e-1", "u-1", at(1));
    EventRecord done = event("e-2", "u-1", "upload_completed", at(2));
    EventRecord other = event("e-3", "u-2", at(3));
    append(
        List.of(progress, done, other),
        List.of(
            delivered(progress, "alice", 10),
            outcome(progress, "bob", DeliveryOutcome.NO_CONNECTION),
            delivered(done, "alice", 20),
            delivered(other, "bob", 30)));

    assertThat(eventIdsOf(search("u-1", null, null, null))).containsExactly("e-2", "e-1", "e-1");
    assertThat(eventIdsOf(search(null, "bob", null, null))).containsExactly("e-3", "e-1");
    assertThat(eventIdsOf(search(null, null, "upload_completed", null))).containsExactly("e-2");
    assertThat(eventIdsOf(search(null, null, null, DeliveryOutcome.NO_CONNECTION)))
        .containsExactly("e-1");
    assertThat(eventIdsOf(search("u-1", "alice", "upload_progress", DeliveryOutcome.DELIVERED)))
        .containsExactly("e-1");
    var between =
        new DeliveryQuery(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(at(2)),
            Optional.of(at(3)),
            100,
            Optional.empty());
    assertThat(eventIdsOf(between)).as("since inclusive, until exclusive").containsExactly("e-2");
  }

  private List<String> eventIdsOf(DeliveryQuery query) {
    return history.queries().deliveries(query).items().stream()
        .map(view -> view.event().eventId())
        .toList();
  }

  @Test
  void pagesCoverEveryRowExactlyOnceInNewestFirstOrder() {
    appendManyEventsSharingTimestamps(0, 12);
    List<DeliveryView> everyRow = all();

    List<DeliveryView> paged = readAllPages(7, Optional.empty());

    assertThat(everyRow).hasSize(9 * 3 + 3);
    assertThat(paged).containsExactlyElementsOf(everyRow);
    assertThat(everyRow)
        .extracting(HistoryTestData::cursorOf)
        .isSortedAccordingTo(HistoryTestData.NEWEST_FIRST);
  }

  @Test
  void laterPagesDoNotShiftWhileNewerRowsArrive() {
    appendManyEventsSharingTimestamps(0, 10);
    List<DeliveryView> before = all();
    DeliveryPage first = history.queries().deliveries(everything(5));

    appendManyEventsSharingTimestamps(100, 5);
    List<DeliveryView> rest = readAllPages(5, first.next());

    assertThat(first.items()).containsExactlyElementsOf(before.subList(0, 5));
    assertThat(rest).containsExactlyElementsOf(before.subList(5, before.size()));
    assertThat(all()).as("the newer rows lead a fresh first page").hasSize(before.size() + 13);
  }

  @Test
  void aPageThatEndsAtTheLastRowHasNoNextCursor() {
    appendManyEventsSharingTimestamps(0, 2);

    DeliveryPage page = history.queries().deliveries(everything(all().size()));
    DeliveryPage bigger = history.queries().deliveries(everything(all().size() - 1));

    assertThat(page.next()).isEmpty();
    assertThat(bigger.next()).isPresent();
  }

  /**
   * Events in pairs with the same receipt time (so the event id breaks ties) and two or three
   * recipients each, every fourth one without subscribers.
   */
  private void appendManyEventsSharingTimestamps(int firstSecond, int count) {
    List<EventRecord> events = new ArrayList<>();
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      EventRecord event =
          event(String.format("e-%04d", firstSecond + i), "u-" + i % 3, at(firstSecond + i / 2));
      events.add(event);
      if (i % 4 == 3) {
        deliveries.add(noSubscribers(event));
      } else {
        deliveries.add(delivered(event, "alice", 100 + i));
        deliveries.add(outcome(event, "bob", DeliveryOutcome.COALESCED));
        deliveries.add(delivered(event, "carol", 200 + i));
      }
    }
    append(events, deliveries);
  }

  private List<DeliveryView> readAllPages(int limit, Optional<DeliveryCursor> start) {
    return readAllPages(everything(limit), limit, start);
  }

  private List<DeliveryView> readAllPages(DeliveryQuery search, int limit) {
    return readAllPages(search, limit, Optional.empty());
  }

  private List<DeliveryView> readAllPages(
      DeliveryQuery search, int limit, Optional<DeliveryCursor> start) {
    List<DeliveryView> rows = new ArrayList<>();
    Optional<DeliveryCursor> after = start;
    do {
      DeliveryPage page =
          history
              .queries()
              .deliveries(
                  new DeliveryQuery(
                      search.uploadId(),
                      search.userId(),
                      search.action(),
                      search.outcome(),
                      search.since(),
                      search.until(),
                      limit,
                      after));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      rows.addAll(page.items());
      after = page.next();
    } while (after.isPresent());
    return rows;
  }

  @Test
  void oneUsersPagesCoverEachOfTheirItemsOnceWhenEventsCameInSeveralBatches() {
    List<EventRecord> events = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      events.add(event(String.format("e-%02d", i), "u-1", at(i / 3)));
    }
    for (String user : List.of("carol", "alice", "bob")) {
      List<DeliveryRecord> batch = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        batch.add(
            i % 2 == 0
                ? delivered(events.get(i), user, i)
                : outcome(events.get(i), user, DeliveryOutcome.COALESCED));
      }
      append(events, batch);
    }
    DeliveryQuery alice = search(null, "alice", null, null);
    DeliveryQuery aliceCoalesced = search(null, "alice", null, DeliveryOutcome.COALESCED);

    List<DeliveryView> everyItem = history.queries().deliveries(alice).items();
    List<DeliveryView> coalesced = history.queries().deliveries(aliceCoalesced).items();

    assertThat(everyItem)
        .hasSize(9)
        .allMatch(view -> view.delivery().userId().equals(Optional.of("alice")));
    assertThat(readAllPages(alice, 2)).containsExactlyElementsOf(everyItem);
    assertThat(coalesced).hasSize(4);
    assertThat(readAllPages(aliceCoalesced, 3)).containsExactlyElementsOf(coalesced);
  }

  @Test
  void statsCountEveryOutcomePerBucketWithLatencyPercentilesOfDeliveredRows() {
    List<EventRecord> events = new ArrayList<>();
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      EventRecord event = event("m0-" + i, "u-1", at(i * 0.5));
      events.add(event);
      deliveries.add(delivered(event, "alice", i * 10L));
    }
    EventRecord coalesced = event("m0-c", "u-1", at(59));
    EventRecord lonely = event("m0-n", "u-9", at(59.5));
    EventRecord nextMinute = event("m1-1", "u-1", at(61));
    EventRecord failedOnly = event("m2-1", "u-1", at(121));
    EventRecord outside = event("m3-1", "u-1", at(181));
    events.addAll(List.of(coalesced, lonely, nextMinute, failedOnly, outside));
    deliveries.addAll(
        List.of(
            outcome(coalesced, "alice", DeliveryOutcome.COALESCED),
            outcome(coalesced, "bob", DeliveryOutcome.NO_CONNECTION),
            noSubscribers(lonely),
            delivered(nextMinute, "alice", 7),
            outcome(failedOnly, "alice", DeliveryOutcome.FAILED),
            delivered(outside, "alice", 1)));
    append(events, deliveries);

    List<OutcomeBucket> minutes = history.queries().stats(T0, at(180), BucketSize.MINUTE);
    List<OutcomeBucket> hours = history.queries().stats(T0, at(180), BucketSize.HOUR);

    assertThat(minutes).extracting(OutcomeBucket::start).containsExactly(T0, at(60), at(120));
    OutcomeBucket firstMinute = minutes.get(0);
    assertThat(firstMinute.counts())
        .containsEntry(DeliveryOutcome.DELIVERED, 100L)
        .containsEntry(DeliveryOutcome.COALESCED, 1L)
        .containsEntry(DeliveryOutcome.NO_CONNECTION, 1L)
        .containsEntry(DeliveryOutcome.NO_SUBSCRIBERS, 1L)
        .containsEntry(DeliveryOutcome.FAILED, 0L)
        .hasSize(DeliveryOutcome.values().length);
    // 10, 20, ... 1000: p50 interpolates 500..510 halfway, p99 990..1000 at 0.01.
    assertThat(firstMinute.p50Micros()).isEqualTo(OptionalLong.of(505));
    assertThat(firstMinute.p99Micros()).isEqualTo(OptionalLong.of(990));
    assertThat(minutes.get(1).p50Micros()).isEqualTo(OptionalLong.of(7));
    assertThat(minutes.get(1).p99Micros()).isEqualTo(OptionalLong.of(7));
    assertThat(minutes.get(2).counts()).containsEntry(DeliveryOutcome.FAILED, 1L);
    assertThat(minutes.get(2).p50Micros()).as("no delivered row").isEmpty();
    assertThat(hours).hasSize(1);
    assertThat(hours.get(0).start()).isEqualTo(T0);
    assertThat(hours.get(0).counts()).containsEntry(DeliveryOutcome.DELIVERED, 101L);
    // 7, 10, 20, ... 1000: the median lies between 500 and 510 exactly.
    assertThat(hours.get(0).p50Micros()).isEqualTo(OptionalLong.of(500));
  }

  @Test
  void aRunOfReplacedFramesComesBackWholeAndCountsAllItsFramesInStats() {
    EventRecord firstReplaced = event("e-1", "u-1", at(1));
    EventRecord lastReplaced = event("e-9", "u-1", at(9.5));
    DeliveryRecord run =
        outcome(lastReplaced, "alice", DeliveryOutcome.COALESCED)
            .withRun(new DeliveryRun(9, firstReplaced.eventId(), firstReplaced.receivedAt()));
    DeliveryRecord limited =
        outcome(lastReplaced, "bob", DeliveryOutcome.RATE_LIMITED)
            .withRun(new DeliveryRun(3, "e-7", at(7)));
    DeliveryRecord toCarol = delivered(lastReplaced, "carol", 40);

    append(List.of(lastReplaced), List.of(run, limited, toCarol));

    assertThat(all())
        .containsExactly(
            new DeliveryView(lastReplaced, toCarol),
            new DeliveryView(lastReplaced, limited),
            new DeliveryView(lastReplaced, run));
    assertThat(history.queries().timeline("u-1", 10))
        .containsExactly(new TimelineEvent(lastReplaced, List.of(run, limited, toCarol)));
    OutcomeBucket minute = history.queries().stats(T0, at(60), BucketSize.MINUTE).get(0);
    assertThat(minute.counts())
        .containsEntry(DeliveryOutcome.COALESCED, 9L)
        .containsEntry(DeliveryOutcome.RATE_LIMITED, 3L)
        .containsEntry(DeliveryOutcome.DELIVERED, 1L);
  }

  @Test
  void theTimelineListsTheUploadsEventsInReceivedOrderEachWithItsDeliveries() {
    EventRecord second = event("e-b", "u-1", at(2));
    EventRecord firstOfTie = event("e-a", "u-1", at(1));
    EventRecord secondOfTie = event("e-c", "u-1", at(1));
    EventRecord last = event("e-d", "u-1", "upload_completed", at(3));
    EventRecord elsewhere = event("e-x", "u-2", at(1.5));
    append(
        List.of(second, last, elsewhere),
        List.of(
            delivered(second, "carol", 5),
            outcome(second, "alice", DeliveryOutcome.RATE_LIMITED),
            delivered(last, "alice", 9),
            delivered(elsewhere, "alice", 1)));
    append(
        List.of(secondOfTie, firstOfTie),
        List.of(noSubscribers(secondOfTie), delivered(firstOfTie, "bob", 3)));

    List<TimelineEvent> timeline = history.queries().timeline("u-1", 10);
    List<TimelineEvent> firstTwo = history.queries().timeline("u-1", 2);

    assertThat(timeline)
        .containsExactly(
            new TimelineEvent(firstOfTie, List.of(delivered(firstOfTie, "bob", 3))),
            new TimelineEvent(secondOfTie, List.of(noSubscribers(secondOfTie))),
            new TimelineEvent(
                second,
                List.of(
                    outcome(second, "alice", DeliveryOutcome.RATE_LIMITED),
                    delivered(second, "carol", 5))),
            new TimelineEvent(last, List.of(delivered(last, "alice", 9))));
    assertThat(firstTwo).containsExactlyElementsOf(timeline.subList(0, 2));
    assertThat(history.queries().timeline("u-unknown", 10)).isEmpty();
  }

  @Test
  void gapsAreReportedWhenTheyOverlapThePeriod() {
    var before = new HistoryGap("relay-1", at(0), at(10), 3);
    var across = new HistoryGap("relay-2", at(50), at(150), 40);
    var inside = new HistoryGap("relay-1", at(110), at(120), 5);
    var touchingStart = new HistoryGap("relay-3", at(90), at(100), 1);
    var after = new HistoryGap("relay-1", at(200), at(210), 2);
    for (HistoryGap gap : List.of(before, across, inside, touchingStart, after)) {
      history.store().recordGap(gap);
    }

    assertThat(history.queries().gaps(at(100), at(200)))
        .containsExactly(across, touchingStart, inside);
  }

  @Test
  void retentionDropsOnlyTheWholeDaysBeforeKeepSince() {
    List<EventRecord> events = new ArrayList<>();
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (int day = 24; day <= 27; day++) {
      EventRecord event = event("e-" + day, "u-1", Instant.parse("2026-11-" + day + "T23:59:59Z"));
      events.add(event);
      deliveries.add(delivered(event, "alice", day));
    }
    append(events, deliveries);
    history.store().recordGap(new HistoryGap("relay-1", at(-86400 * 3), at(-86400 * 2), 1));
    Instant keepSince = Instant.parse("2026-11-26T12:00:00Z");

    int dropped = history.store().maintainRetention(T0, 2, keepSince);

    assertThat(dropped).isEqualTo(2);
    assertThat(storedDays())
        .containsExactly(
            LocalDate.parse("2026-11-26"),
            LocalDate.parse("2026-11-27"),
            LocalDate.parse("2026-11-28"),
            LocalDate.parse("2026-11-29"));
    assertThat(all())
        .as("the day of keepSince is partly newer, so it stays whole")
        .extracting(view -> view.event().eventId())
        .containsExactly("e-27", "e-26");
    assertThat(history.queries().gaps(Instant.EPOCH, T0)).isEmpty();
    assertThat(history.store().maintainRetention(T0, 2, keepSince)).isZero();
  }

  @Test
  void retentionCreatesTheComingDaysAndAppendingToAnyOtherDayCreatesIt() {
    history.store().maintainRetention(T0, 1, Instant.EPOCH);
    EventRecord farAhead = event("e-1", "u-1", Instant.parse("2027-03-01T00:00:00Z"));

    append(List.of(farAhead), List.of(delivered(farAhead, "alice", 1)));

    assertThat(storedDays())
        .containsExactly(
            LocalDate.parse("2026-11-27"),
            LocalDate.parse("2026-11-28"),
            LocalDate.parse("2027-03-01"));
    assertThat(all()).hasSize(1);
  }

  @Test
  void aBatchWithAnInvalidDeliveryStoresNothing() {
    EventRecord event = event("e-1", "u-1", at(1));
    EventRecord missing = event("e-2", "u-1", at(2));
    var anonymousDelivery =
        new DeliveryRecord(
            "e-1",
            Optional.empty(),
            DeliveryOutcome.DELIVERED,
            1,
            at(1),
            Optional.of(at(1)),
            OptionalLong.of(1),
            "relay-1");

    assertThatThrownBy(
            () ->
                append(
                    List.of(event),
                    List.of(delivered(event, "alice", 1), delivered(missing, "bob", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e-2");
    assertThatThrownBy(() -> append(List.of(event), List.of(anonymousDelivery)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userId");
    assertThat(all()).isEmpty();
  }

  @Test
  void appendingAnOutcomeTwiceFailsTheWholeBatch() {
    EventRecord event = event("e-1", "u-1", at(1));
    EventRecord next = event("e-2", "u-1", at(2));
    append(List.of(event), List.of(delivered(event, "alice", 1)));

    assertThatThrownBy(
            () ->
                append(
                    List.of(event, next),
                    List.of(delivered(next, "alice", 1), delivered(event, "alice", 1))))
        .isInstanceOf(RuntimeException.class);
    assertThat(all()).hasSize(1);
  }
}
