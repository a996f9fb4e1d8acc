package io.progressrelay.adapter.in.web.socket;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's timers, one per purpose, on the endpoint's shared timer thread. They share a single
 * scheduled task, set for the earliest deadline, rather than holding one each: with tens of
 * thousands of idle sockets every scheduled task is a few hundred bytes of heap. All are cancelled
 * at once when the socket closes. Thread-safe; tasks must not block.
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
  private static final int PURPOSES = Purpose.values().length;

  private final ScheduledExecutorService timer;
  private final String owner;
  // Indexed by purpose; a null task is a disarmed timer. Deadlines are milliseconds of the
  // monotonic clock, so that a token valid for centuries cannot overflow them.
  private final Runnable[] tasks = new Runnable[PURPOSES];
  private final long[] dueMillis = new long[PURPOSES];
  private final long[] periodMillis = new long[PURPOSES];
  private ScheduledFuture<?> scheduled;
  private long scheduledMillis;
  // Tells a firing that was cancelled too late (it had already started) from the current one.
  private long generation;

  SocketTimers(ScheduledExecutorService timer, String owner) {
    this.timer = timer;
    this.owner = owner;
  }

  void after(Purpose purpose, Duration delay, Runnable task) {
    arm(purpose, Math.max(0, delay.toMillis()), 0, task);
  }

  void every(Purpose purpose, Duration period, Runnable task) {
    every(purpose, period, period, task);
  }

  /** Runs {@code task} after {@code first}, then every {@code period}. */
  void every(Purpose purpose, Duration first, Duration period, Runnable task) {
    arm(purpose, Math.max(1, first.toMillis()), Math.max(1, period.toMillis()), task);
  }

  synchronized void cancel(Purpose purpose) {
    tasks[purpose.ordinal()] = null;
    reschedule();
  }

  synchronized void cancelAll() {
    Arrays.fill(tasks, null);
    reschedule();
  }

  private synchronized void arm(Purpose purpose, long delayMillis, long period, Runnable task) {
    long now = nowMillis();
    long due = now + delayMillis;
    int index = purpose.ordinal();
    tasks[index] = task;
    dueMillis[index] = due < now ? Long.MAX_VALUE : due;
    periodMillis[index] = period;
    reschedule();
  }

  // Keeps the one scheduled task at the earliest armed deadline, or none when nothing is armed.
  private void reschedule() {
    long earliest = Long.MAX_VALUE;
    boolean armed = false;
    for (int i = 0; i < PURPOSES; i++) {
      if (tasks[i] != null) {
        armed = true;
        earliest = Math.min(earliest, dueMillis[i]);
      }
    }
    if (scheduled != null && armed && scheduledMillis == earliest) {
      return;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    if (!armed) {
      return;
    }
    try {
      long delay = Math.max(0, earliest - nowMillis());
      long current = ++generation;
      scheduled = timer.schedule(() -> fire(current), delay, TimeUnit.MILLISECONDS);
      scheduledMillis = earliest;
    } catch (RejectedExecutionException e) {
      // The endpoint is stopping and closes every socket itself.
    }
  }

  // On the timer thread: runs every timer that is due, outside the lock, then sets the next one.
  private void fire(long firing) {
    Runnable[] due = new Runnable[PURPOSES];
    synchronized (this) {
      if (firing != generation) {
        return; // replaced while it waited for the lock; the current task is still scheduled
      }
      scheduled = null;
      long now = nowMillis();
      for (int i = 0; i < PURPOSES; i++) {
        if (tasks[i] != null && dueMillis[i] <= now) {
          due[i] = tasks[i];
          if (periodMillis[i] > 0) {
            dueMillis[i] = now + periodMillis[i];
          } else {
            tasks[i] = null;
          }
        }
      }
      reschedule();
    }
    for (Runnable task : due) {
      if (task != null) {
        runGuarded(task);
      }
    }
  }

  // A task that throws must not stop the socket's other timers, nor its next pings.
  private void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("a timer task of socket {} failed", owner, e);
    }
  }

  private static long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }
}
