package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.history.DeliveryHistoryQueries;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.application.port.out.history.DeliveryPage;
import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.OutcomeBucket;
import io.progressrelay.domain.history.TimelineEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * Delivery history in PostgreSQL's day-partitioned {@code delivery_events} table, one row per event
 * and batch with its recipients' outcomes in arrays, written with COPY and read item by item with
 * keyset pagination; thread-safe. An append meeting a day without a partition creates that day and
 * retries once, so history is never lost to a late retention run.
 */
public final class PostgresDeliveryHistory implements DeliveryHistoryStore, DeliveryHistoryQueries {
  /** SQLSTATE check_violation: also what PostgreSQL reports for a row no partition accepts. */
  private static final String CHECK_VIOLATION = "23514";

  private final Jdbi jdbi;
  private final DeliveryHistoryDao history;
  private final HistoryAppender appender;

  public PostgresDeliveryHistory(Jdbi jdbi) {
    this(jdbi, HistoryAppender.fastest());
  }

  PostgresDeliveryHistory(Jdbi jdbi, HistoryAppender appender) {
    this.jdbi = jdbi;
    this.history = jdbi.onDemand(DeliveryHistoryDao.class);
    this.appender = appender;
  }

  @Override
  public void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    List<EventRow> rows = EventRow.grouped(events, deliveries);
    if (rows.isEmpty()) {
      return;
    }
    Outages.translate(
        () -> {
          try {
            write(rows);
          } catch (RuntimeException e) {
            // The partitions of the batch's days are created off the common path only, when the
            // insert found one missing; if none was missing, the violation was a real CHECK.
            if (!isCheckViolation(e) || createMissingDays(rows) == 0) {
              throw e;
            }
            write(rows);
          }
          return null;
        });
  }

  private void write(List<EventRow> rows) {
    try {
      jdbi.useTransaction(handle -> appender.append(handle, rows));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "appending delivery history failed: " + Failures.describe(e), e);
    }
  }

  private int createMissingDays(List<EventRow> rows) {
    SortedSet<LocalDate> days = new TreeSet<>();
    for (EventRow row : rows) {
      days.add(DailyPartitions.dayOf(row.event().receivedAt()));
    }
    return jdbi.inTransaction(handle -> DailyPartitions.createMissing(handle, days));
  }

  private static boolean isCheckViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && CHECK_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void recordGap(HistoryGap gap) {
    Outages.translate(
        () -> {
          history.insertGap(gap.instanceId(), gap.from(), gap.to(), gap.lostOutcomes());
          return null;
        });
  }

  /**
   * Creates the partitions of {@code today}..{@code today + daysAhead} (UTC days, both included)
   * and drops, with DROP TABLE, those whose whole day is before {@code keepSince}, together with
   * the gaps that ended before it. Returns the partitions dropped.
   */
  @Override
  public int maintainRetention(Instant today, int daysAhead, Instant keepSince) {
    if (daysAhead < 0) {
      throw new IllegalArgumentException("'daysAhead' must not be negative, got " + daysAhead);
    }
    SortedSet<LocalDate> days = new TreeSet<>();
    LocalDate first = DailyPartitions.dayOf(today);
    for (int i = 0; i <= daysAhead; i++) {
      days.add(first.plusDays(i));
    }
    return Outages.translate(
        () ->
            jdbi.inTransaction(
                handle -> {
                  int dropped = DailyPartitions.dropBefore(handle, keepSince);
                  DailyPartitions.createMissing(handle, days);
                  handle.attach(DeliveryHistoryDao.class).deleteGapsBefore(keepSince);
                  return dropped;
                }));
  }

  /** {@link DeliveryHistoryDao#search} or {@link DeliveryHistoryDao#searchUser}. */
  private interface SearchStatement {
    List<HistoryRow> search(String filters, SearchBindings bindings);
  }

  @Override
  public DeliveryPage deliveries(DeliveryQuery query) {
    return Outages.translate(
        () -> {
          boolean oneUser = query.userId().isPresent();
          SearchStatement statement = oneUser ? history::searchUser : history::search;
          List<HistoryRow> rows =
              statement.search(
                  oneUser ? DeliveryFilters.ofUserRows(query) : DeliveryFilters.of(query),
                  SearchBindings.of(query));
          // One row more than asked tells whether a next page exists without counting.
          boolean more = rows.size() > query.limit();
          List<HistoryRow> page = more ? rows.subList(0, query.limit()) : rows;
          return new DeliveryPage(
              page.stream().map(HistoryRow::view).toList(),
              more ? Optional.of(page.get(page.size() - 1).cursor()) : Optional.empty());
        });
  }

  /**
   * Buckets that hold at least one item, oldest first; each counts every outcome (zero included), a
   * run as the frames it stands for. Percentiles interpolate like {@code percentile_cont} and round
   * half away from zero.
   */
  @Override
  public List<OutcomeBucket> stats(Instant since, Instant until, BucketSize size) {
    String unit = size.name().toLowerCase(Locale.ROOT);
    return Outages.translate(
        () -> {
          Map<Instant, List<OutcomeCountRow>> byBucket = new LinkedHashMap<>();
          for (OutcomeCountRow row : history.countOutcomes(unit, since, until)) {
            byBucket.computeIfAbsent(row.bucketStart(), start -> new ArrayList<>()).add(row);
          }
          List<OutcomeBucket> buckets = new ArrayList<>(byBucket.size());
          byBucket.forEach((start, rows) -> buckets.add(bucket(start, rows)));
          return buckets;
        });
  }

  private static OutcomeBucket bucket(Instant start, List<OutcomeCountRow> rows) {
    Map<DeliveryOutcome, Long> counts = new EnumMap<>(DeliveryOutcome.class);
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      counts.put(outcome, 0L);
    }
    OptionalLong p50 = OptionalLong.empty();
    OptionalLong p99 = OptionalLong.empty();
    for (OutcomeCountRow row : rows) {
      DeliveryOutcome outcome = OutcomeCodes.outcomeOf(row.outcome());
      counts.put(outcome, row.count());
      if (outcome == DeliveryOutcome.DELIVERED && row.p50Micros() != null) {
        p50 = OptionalLong.of(row.p50Micros());
        p99 = OptionalLong.of(row.p99Micros());
      }
    }
    return new OutcomeBucket(start, counts, p50, p99);
  }

  /** The upload's first {@code limit} events in received order (then by event id). */
  @Override
  public List<TimelineEvent> timeline(String uploadId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("'limit' must be positive, got " + limit);
    }
    return Outages.translate(
        () -> {
          List<TimelineEvent> events = new ArrayList<>();
          EventRecord current = null;
          List<DeliveryRecord> deliveries = new ArrayList<>();
          for (HistoryRow row : history.timeline(uploadId, limit)) {
            if (current != null && !current.eventId().equals(row.eventId())) {
              events.add(new TimelineEvent(current, deliveries));
              deliveries = new ArrayList<>();
            }
            current = row.event();
            deliveries.add(row.delivery());
          }
          if (current != null) {
            events.add(new TimelineEvent(current, deliveries));
          }
          return events;
        });
  }

  @Override
  public List<HistoryGap> gaps(Instant since, Instant until) {
    return Outages.translate(() -> history.gaps(since, until).stream().map(GapRow::toGap).toList());
  }
}
