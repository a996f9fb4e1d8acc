package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.jdbi.v3.core.Handle;

/**
 * The day partitions of {@code delivery_events}, one per UTC day, named {@code
 * delivery_events_YYYYMMDD}. Every method expects to run inside a transaction of {@code handle}.
 */
final class DailyPartitions {
  private static final String PREFIX = "delivery_events_";
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  private DailyPartitions() {}

  static LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  static String nameOf(LocalDate day) {
    return PREFIX + SUFFIX.format(day);
  }

  /** The day a partition holds, or empty for a table that does not follow the naming scheme. */
  static Optional<LocalDate> dayOf(String partitionName) {
    if (!partitionName.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(partitionName.substring(PREFIX.length()), SUFFIX));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Creates the partitions of {@code days} that are missing; returns how many it created. */
  static int createMissing(Handle handle, SortedSet<LocalDate> days) {
    DeliveryHistoryDao dao = handle.attach(DeliveryHistoryDao.class);
    dao.lockPartitions();
    Set<String> existing = new HashSet<>(dao.partitionNames());
    int created = 0;
    for (LocalDate day : days) {
      String name = nameOf(day);
      if (!existing.contains(name)) {
        // Explicit +00 offsets: the bounds are UTC midnights whatever the session's time zone.
        dao.createPartition(
            name, "'" + day + " 00:00:00+00'", "'" + day.plusDays(1) + " 00:00:00+00'");
        created++;
      }
    }
    return created;
  }

  /** Drops the partitions whose whole day lies before {@code keepSince}; returns how many. */
  static int dropBefore(Handle handle, Instant keepSince) {
    DeliveryHistoryDao dao = handle.attach(DeliveryHistoryDao.class);
    dao.lockPartitions();
    List<String> names = dao.partitionNames();
    int dropped = 0;
    for (String name : names) {
      Optional<LocalDate> day = dayOf(name);
      if (day.isPresent() && !endOf(day.get()).isAfter(keepSince)) {
        dao.dropPartition(name);
        dropped++;
      }
    }
    return dropped;
  }

  private static Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
