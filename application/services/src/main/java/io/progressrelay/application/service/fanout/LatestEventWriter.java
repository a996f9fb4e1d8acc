package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.RegisteredLatestEvent;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.application.service.fanout.UploadRoute.UnwrittenLatest;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each upload's latest event to storage behind the hot path: an event only becomes its
 * route's unwritten one, and a periodic flush stores the newest per route with the registration the
 * route loaded, which storage matches, so an event never lands in a later registration of its id. A
 * failed flush keeps what it could not write for the next one, unless a newer event replaced it. A
 * terminal event does not wait for the period: it asks for a flush at once, so the end of an upload
 * reaches storage within a query's time of its arrival. After each successful flush the position
 * through which every event's latest state is stored is reported (streams mode saves it as where to
 * start reading again). Thread-safe.
 */
final class LatestEventWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LatestEventWriter.class);

  private final UploadRepository uploads;
  private final PositionLedger ledger;
  private final Runnable flushSoon;
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private volatile Consumer<Position> stored = position -> {};
  // Keyed by id, so a route loaded anew after an eviction replaces the evicted one.
  private final Map<UploadId, UploadRoute> waiting = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private boolean failing;

  /**
   * A writer to {@code uploads}; {@code flushSoon} runs {@link #flush} on a background thread
   * (never the caller's) when a terminal event arrives.
   */
  LatestEventWriter(UploadRepository uploads, PositionLedger ledger, Consumer<Runnable> flushSoon) {
    this.uploads = uploads;
    this.ledger = ledger;
    this.flushSoon =
        () -> {
          if (flushRequested.compareAndSet(false, true)) {
            flushSoon.accept(this::flush);
          }
        };
  }

  /** Who learns, after each successful flush, the position through which everything is stored. */
  void onStored(Consumer<Position> listener) {
    this.stored = listener;
  }

  /**
   * The route has a new latest event to store, {@code terminal} when it ends the upload; called
   * with its lock held.
   */
  void remember(UploadRoute route, boolean terminal) {
    waiting.put(route.uploadId(), route);
    if (terminal) {
      flushSoon.run();
    }
  }

  /** Stores what is waiting in one batch; runs on one maintenance thread at a time. */
  synchronized void flush() {
    flushRequested.set(false);
    // Read before the routes: every event up to it is in their unwritten latest, or older.
    Position settled = ledger.settledThrough();
    if (waiting.isEmpty()) {
      reportStored(settled);
      return;
    }
    List<UploadRoute> routes = List.copyOf(waiting.values());
    List<UnwrittenLatest> taken = new ArrayList<>(routes.size());
    List<RegisteredLatestEvent> batch = new ArrayList<>(routes.size());
    for (UploadRoute route : routes) {
      // Null when the route loaded another registration since: its event belongs to no one now.
      UnwrittenLatest unwritten = route.unwrittenLatest();
      taken.add(unwritten);
      if (unwritten != null) {
        batch.add(unwritten.toStore());
      }
    }
    if (!store(batch)) {
      return;
    }
    for (int i = 0; i < routes.size(); i++) {
      UploadRoute route = routes.get(i);
      // A route that took a newer event meanwhile stays for the next flush.
      if (route.latestWritten(taken.get(i))) {
        waiting.remove(route.uploadId(), route);
      }
    }
    reportStored(settled);
  }

  private void reportStored(Position settled) {
    if (settled != null) {
      try {
        stored.accept(settled);
      } catch (RuntimeException e) {
        LOG.warn("Could not record the stored position {}: {}", settled, e.getMessage());
      }
    }
  }

  private boolean store(List<RegisteredLatestEvent> batch) {
    if (batch.isEmpty()) {
      return true;
    }
    try {
      uploads.saveLatestEvents(batch);
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        LOG.warn("Cannot store latest events, will retry: {}", e.getMessage());
        failing = true;
      }
      return false;
    }
    if (failing) {
      LOG.info("Storing latest events again");
      failing = false;
    }
    return true;
  }

  long failures() {
    return failures.get();
  }
}
