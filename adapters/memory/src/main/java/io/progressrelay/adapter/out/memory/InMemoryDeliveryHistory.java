package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.history.DeliveryHistoryQueries;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.application.port.out.history.DeliveryPage;
import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.OutcomeBucket;
import io.progressrelay.domain.history.TimelineEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Delivery history in memory, behaving like the PostgreSQL adapter (day buckets standing in for its
 * partitions, the same orders, filters and percentiles), for unit tests and the dev mode.
 * Thread-safe. Unbounded: only {@link #maintainRetention} frees memory, so a long dev session
 * should run it as production does.
 */
public final class InMemoryDeliveryHistory implements DeliveryHistoryStore, DeliveryHistoryQueries {
  private static final Comparator<DeliveryView> NEWEST_FIRST =
      Comparator.comparing((DeliveryView v) -> v.event().receivedAt())
          .thenComparing(v -> v.event().eventId())
          .thenComparing(InMemoryDeliveryHistory::recipient)
          .reversed();
  private static final Comparator<DeliveryView> RECEIVED_ORDER =
      Comparator.comparing((DeliveryView v) -> v.event().receivedAt())
          .thenComparing(v -> v.event().eventId())
          .thenComparing(InMemoryDeliveryHistory::recipient);

  private final TreeMap<LocalDate, List<DeliveryView>> days = new TreeMap<>();
  private final Set<DeliveryCursor> keys = new HashSet<>();
  private final List<HistoryGap> gaps = new ArrayList<>();

  /** Like PostgreSQL: an unknown day is created on demand; a repeated row fails the whole batch. */
  @Override
  public synchronized void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    List<DeliveryView> rows = HistoryRows.joined(events, deliveries);
    Set<DeliveryCursor> batchKeys = new HashSet<>();
    for (DeliveryView row : rows) {
      if (keys.contains(keyOf(row)) || !batchKeys.add(keyOf(row))) {
        throw new IllegalStateException(
            "delivery of event '" + row.event().eventId() + "' to '" + recipient(row) + "' exists");
      }
    }
    for (DeliveryView row : rows) {
      days.computeIfAbsent(dayOf(row.event().receivedAt()), day -> new ArrayList<>()).add(row);
    }
    keys.addAll(batchKeys);
  }

  @Override
  public synchronized void recordGap(HistoryGap gap) {
    gaps.add(
        new HistoryGap(gap.instanceId(), micros(gap.from()), micros(gap.to()), gap.lostOutcomes()));
  }

  @Override
  public synchronized int maintainRetention(Instant today, int daysAhead, Instant keepSince) {
    if (daysAhead < 0) {
      throw new IllegalArgumentException("'daysAhead' must not be negative, got " + daysAhead);
    }
    int dropped = 0;
    for (LocalDate day : new ArrayList<>(days.keySet())) {
      if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(keepSince)) {
        days.remove(day).forEach(row -> keys.remove(keyOf(row)));
        dropped++;
      }
    }
    LocalDate first = dayOf(today);
    for (int i = 0; i <= daysAhead; i++) {
      days.computeIfAbsent(first.plusDays(i), day -> new ArrayList<>());
    }
    gaps.removeIf(gap -> gap.to().isBefore(keepSince));
    return dropped;
  }

  /** The days for which storage exists, oldest first (PostgreSQL's partitions). */
  synchronized List<LocalDate> days() {
    return List.copyOf(days.keySet());
  }

  @Override
  public synchronized DeliveryPage deliveries(DeliveryQuery query) {
    List<DeliveryView> page =
        allRows()
            .filter(row -> matches(row, query))
            .sorted(NEWEST_FIRST)
            .limit(query.limit() + 1L)
            .toList();
    if (page.size() <= query.limit()) {
      return new DeliveryPage(page, Optional.empty());
    }
    List<DeliveryView> items = page.subList(0, query.limit());
    return new DeliveryPage(items, Optional.of(keyOf(items.get(items.size() - 1))));
  }

  private static boolean matches(DeliveryView row, DeliveryQuery query) {
    EventRecord event = row.event();
    Instant at = event.receivedAt();
    return (query.uploadId().isEmpty() || query.uploadId().equals(event.uploadId()))
        && (query.userId().isEmpty() || query.userId().equals(row.delivery().userId()))
        && query.action().map(event.action()::equals).orElse(true)
        && query.outcome().map(o -> o == row.delivery().outcome()).orElse(true)
        && query.since().map(since -> !at.isBefore(since)).orElse(true)
        && query.until().map(at::isBefore).orElse(true)
        && query.after().map(cursor -> isAfter(row, cursor)).orElse(true);
  }

  private static boolean isAfter(DeliveryView row, DeliveryCursor cursor) {
    return NEWEST_FIRST.compare(row, cursorRow(cursor, row)) > 0;
  }

  /** A row standing for the cursor's position, so that the one comparator decides. */
  private static DeliveryView cursorRow(DeliveryCursor cursor, DeliveryView like) {
    EventRecord event = like.event();
    return new DeliveryView(
        new EventRecord(
            cursor.eventId(),
            event.channel(),
            event.action(),
            event.uploadId(),
            event.batchId(),
            event.sizeBytes(),
            cursor.receivedAt(),
            event.instanceId()),
        new DeliveryRecord(
            cursor.eventId(),
            cursor.recipient().isEmpty() ? Optional.empty() : Optional.of(cursor.recipient()),
            like.delivery().outcome(),
            0,
            cursor.receivedAt(),
            Optional.empty(),
            OptionalLong.empty(),
            event.instanceId()));
  }

  @Override
  public synchronized List<OutcomeBucket> stats(Instant since, Instant until, BucketSize size) {
    ChronoUnit unit = size == BucketSize.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
    TreeMap<Instant, List<DeliveryView>> byBucket = new TreeMap<>();
    allRows()
        .filter(row -> !row.event().receivedAt().isBefore(since))
        .filter(row -> row.event().receivedAt().isBefore(until))
        .forEach(
            row ->
                byBucket
                    .computeIfAbsent(
                        row.event().receivedAt().truncatedTo(unit), start -> new ArrayList<>())
                    .add(row));
    List<OutcomeBucket> buckets = new ArrayList<>();
    byBucket.forEach((start, rows) -> buckets.add(bucket(start, rows)));
    return buckets;
  }

  private static OutcomeBucket bucket(Instant start, List<DeliveryView> rows) {
    Map<DeliveryOutcome, Long> counts = new EnumMap<>(DeliveryOutcome.class);
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      counts.put(outcome, 0L);
    }
    List<Long> latencies = new ArrayList<>();
    for (DeliveryView row : rows) {
      // A run counts every frame it stands for, as in PostgreSQL.
      long frames = row.delivery().run().map(run -> (long) run.count()).orElse(1L);
      counts.merge(row.delivery().outcome(), frames, Long::sum);
      if (row.delivery().outcome() == DeliveryOutcome.DELIVERED) {
        row.delivery().latencyMicros().ifPresent(latencies::add);
      }
    }
    return new OutcomeBucket(
        start,
        counts,
        Percentiles.continuous(latencies, 0.5),
        Percentiles.continuous(latencies, 0.99));
  }

  @Override
  public synchronized List<TimelineEvent> timeline(String uploadId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("'limit' must be positive, got " + limit);
    }
    Map<String, EventRecord> events = new LinkedHashMap<>();
    Map<String, List<DeliveryRecord>> deliveries = new HashMap<>();
    allRows()
        .filter(row -> row.event().uploadId().equals(Optional.of(uploadId)))
        .sorted(RECEIVED_ORDER)
        .forEach(
            row -> {
              String eventId = row.event().eventId();
              if (events.containsKey(eventId) || events.size() < limit) {
                events.putIfAbsent(eventId, row.event());
                deliveries.computeIfAbsent(eventId, id -> new ArrayList<>()).add(row.delivery());
              }
            });
    return events.values().stream()
        .map(event -> new TimelineEvent(event, deliveries.get(event.eventId())))
        .toList();
  }

  @Override
  public synchronized List<HistoryGap> gaps(Instant since, Instant until) {
    return gaps.stream()
        .filter(gap -> gap.from().isBefore(until) && !gap.to().isBefore(since))
        .sorted(
            Comparator.comparing(HistoryGap::from)
                .thenComparing(HistoryGap::instanceId)
                .thenComparing(HistoryGap::to))
        .toList();
  }

  private Stream<DeliveryView> allRows() {
    return days.values().stream().flatMap(List::stream);
  }

  private static String recipient(DeliveryView row) {
    return row.delivery().userId().orElse("");
  }

  private static DeliveryCursor keyOf(DeliveryView row) {
    return new DeliveryCursor(row.event().receivedAt(), row.event().eventId(), recipient(row));
  }

  private static LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** PostgreSQL keeps microseconds; so does this twin, so both order and compare alike. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
