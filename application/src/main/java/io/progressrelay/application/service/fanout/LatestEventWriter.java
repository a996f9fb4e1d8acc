package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.UploadId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each upload's latest event to storage behind the hot path: events only overwrite an
 * in-memory entry, and a periodic flush stores the newest per upload. A failed flush keeps what it
 * could not write for the next one, unless a newer event replaced it. Thread-safe.
 */
final class LatestEventWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LatestEventWriter.class);

  private final UploadRepository uploads;
  private final Map<UploadId, LatestEvent> unwritten = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private boolean failing;

  LatestEventWriter(UploadRepository uploads) {
    this.uploads = uploads;
  }

  void remember(UploadId uploadId, LatestEvent event) {
    unwritten.put(uploadId, event);
  }

  /** Stores what is waiting in one batch; runs on one maintenance thread at a time. */
  synchronized void flush() {
    if (unwritten.isEmpty()) {
      return;
    }
    Map<UploadId, LatestEvent> batch = Map.copyOf(unwritten);
    try {
      uploads.saveLatestEvents(batch);
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        LOG.warn("Cannot store latest events, will retry: {}", e.getMessage());
        failing = true;
      }
      return;
    }
    // Entries replaced by a newer event meanwhile stay for the next flush.
    batch.forEach(unwritten::remove);
    if (failing) {
      LOG.info("Storing latest events again");
      failing = false;
    }
  }

  long failures() {
    return failures.get();
  }
}
