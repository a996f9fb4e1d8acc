package io.progressrelay.adapter.out.redis;

import io.progressrelay.adapter.in.redis.SequenceStamp;
import io.progressrelay.domain.AudienceChange;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the announcer owes the listeners after a loss: whether Redis refuses its messages, and a
 * notice (a message with nothing but numbers) retried with backoff until Redis takes one, so every
 * listener learns that an announcement was lost even when no other change follows. Used on the
 * announcer thread only.
 */
final class LossNotices {
  private static final Logger log = LoggerFactory.getLogger(RedisAudienceChangePublisher.class);
  private static final long FIRST_RETRY_MILLIS = 50;
  private static final long MAX_RETRY_MILLIS = 1_000;

  private final ScheduledExecutorService announcer;
  private final AnnouncementNumbers numbers;
  private final Consumer<SequenceStamp> sendNotice;
  private final String redis;
  private boolean refusing;
  private boolean scheduled;
  private long retryMillis;

  /**
   * @param announcer the thread notices are sent on, the one that calls this object
   * @param sendNotice publishes a notice of the given numbers, or throws
   * @param redis where Redis is, for the log
   */
  LossNotices(
      ScheduledExecutorService announcer,
      AnnouncementNumbers numbers,
      Consumer<SequenceStamp> sendNotice,
      String redis) {
    this.announcer = announcer;
    this.numbers = numbers;
    this.sendNotice = sendNotice;
    this.redis = redis;
  }

  /** Whether Redis refused the last attempt, so changes are dropped until a notice gets through. */
  boolean refusing() {
    return refusing;
  }

  /** Redis refused the changes starting with {@code first}. */
  void refused(AudienceChange first, RuntimeException e) {
    if (!refusing) {
      refusing = true;
      log.warn(
          "Cannot announce audience changes on Redis at {}; dropping them until it answers, then"
              + " telling the other instances to reload: {} of {} dropped: {}",
          redis,
          first.type(),
          first.uploadId(),
          e.getMessage());
    }
    scheduleIfOwed();
  }

  /** Sends a notice soon (at once unless Redis refuses) when a loss is not reported yet. */
  void scheduleIfOwed() {
    if (scheduled || !(refusing || numbers.lossUnreported())) {
      return;
    }
    scheduled = true;
    retryMillis =
        retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
    try {
      announcer.schedule(this::send, refusing ? retryMillis : 0, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      scheduled = false; // closing
    }
  }

  private void send() {
    scheduled = false;
    if (!numbers.lossUnreported()) {
      recovered();
      return;
    }
    SequenceStamp stamp = numbers.next(1)[0];
    try {
      sendNotice.accept(stamp);
    } catch (RuntimeException e) {
      log.debug("Redis still refuses the notice of lost announcements: {}", e.getMessage());
      scheduleIfOwed();
      return;
    }
    numbers.handedToRedis(stamp);
    recovered();
  }

  private void recovered() {
    retryMillis = 0;
    if (refusing) {
      refusing = false;
      log.info(
          "Redis at {} answers again; the other instances were told to reload, and audience"
              + " changes are announced again",
          redis);
    }
  }
}
