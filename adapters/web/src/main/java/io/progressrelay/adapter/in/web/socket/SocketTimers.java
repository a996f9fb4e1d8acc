package io.progressrelay.adapter.in.web.socket;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's timers on the endpoint's shared timer thread, one per purpose, all cancelled at once
 * when the socket closes. Thread-safe; tasks must not block.
 */
final class SocketTimers {
  /** What a timer is for; scheduling a purpose again replaces its previous timer. */
  enum Purpose {
    AUTH_TIMEOUT,
    IDLE_CHECK,
    PING,
    TOKEN_EXPIRY
  }

  private static final Logger LOG = LoggerFactory.getLogger(SocketTimers.class);

  private final ScheduledExecutorService timer;
  private final String owner;
  // Indexed by purpose; a small array rather than a map, as every open socket holds one.
  private final ScheduledFuture<?>[] scheduled = new ScheduledFuture<?>[Purpose.values().length];

  SocketTimers(ScheduledExecutorService timer, String owner) {
    this.timer = timer;
    this.owner = owner;
  }

  // Milliseconds, not nanoseconds: a token valid for centuries must not overflow the delay.
  void after(Purpose purpose, Duration delay, Runnable task) {
    try {
      replace(purpose, timer.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // The endpoint is stopping and closes every socket itself.
    }
  }

  void every(Purpose purpose, Duration period, Runnable task) {
    long millis = Math.max(1, period.toMillis());
    try {
      replace(
          purpose, timer.scheduleAtFixedRate(guarded(task), millis, millis, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // As above.
    }
  }

  void cancel(Purpose purpose) {
    ScheduledFuture<?> previous;
    synchronized (scheduled) {
      previous = scheduled[purpose.ordinal()];
      scheduled[purpose.ordinal()] = null;
    }
    if (previous != null) {
      previous.cancel(false);
    }
  }

  void cancelAll() {
    for (Purpose purpose : Purpose.values()) {
      cancel(purpose);
    }
  }

  private void replace(Purpose purpose, ScheduledFuture<?> next) {
    ScheduledFuture<?> previous;
    synchronized (scheduled) {
      previous = scheduled[purpose.ordinal()];
      scheduled[purpose.ordinal()] = next;
    }
    if (previous != null) {
      previous.cancel(false);
    }
  }

  // A periodic task that throws is never run again; one failure must not end a socket's pings.
  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("a timer task of socket {} failed", owner, e);
      }
    };
  }
}
