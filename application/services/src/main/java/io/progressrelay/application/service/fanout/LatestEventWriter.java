package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.RegisteredLatestEvent;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.application.service.fanout.UploadRoute.UnwrittenLatest;
import io.progressrelay.domain.UploadId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each upload's latest event to storage behind the hot path: an event only becomes its
 * route's unwritten one, and a periodic flush stores the newest per route with the registration the
 * route loaded, which storage matches, so an event never lands in a later registration of its id. A
 * failed flush keeps what it could not write for the next one, unless a newer event replaced it.
 * Thread-safe.
 */
final class LatestEventWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LatestEventWriter.class);

  private final UploadRepository uploads;
  // Keyed by id, so a route loaded anew after an eviction replaces the evicted one.
  private final Map<UploadId, UploadRoute> waiting = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private boolean failing;

  LatestEventWriter(UploadRepository uploads) {
    this.uploads = uploads;
  }

  /** The route has a new latest event to store; called with its lock held. */
  void remember(UploadRoute route) {
    waiting.put(route.uploadId(), route);
  }

  /** Stores what is waiting in one batch; runs on one maintenance thread at a time. */
  synchronized void flush() {
    if (waiting.isEmpty()) {
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
