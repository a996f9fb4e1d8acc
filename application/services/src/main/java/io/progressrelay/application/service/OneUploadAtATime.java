package io.progressrelay.application.service;

import io.progressrelay.domain.UploadId;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs the audience changes of one upload on this instance one at a time, from the access check to
 * the report, so they reach this instance's routing and the announcement queue in the order
 * PostgreSQL committed them. Without it, a subscribe that committed before a concurrent revoke,
 * unsubscribe or delete could be applied after it, and leave a user routed to an upload the
 * database no longer gives them. Different uploads rarely share a lock (one of {@value #STRIPES}).
 */
final class OneUploadAtATime {
  static final int STRIPES = 256;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  OneUploadAtATime() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Runs {@code change} while no other change of {@code uploadId} runs here. */
  <T> T run(UploadId uploadId, Supplier<T> change) {
    ReentrantLock lock = locks[stripe(uploadId)];
    lock.lock();
    try {
      return change.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code change} while no other change of any of {@code uploadIds} runs here. */
  <T> T runAll(Collection<UploadId> uploadIds, Supplier<T> change) {
    // Taken in stripe order, so two bulk changes cannot each wait for the other's locks.
    boolean[] wanted = new boolean[STRIPES];
    uploadIds.forEach(id -> wanted[stripe(id)] = true);
    int taken = 0;
    try {
      for (; taken < STRIPES; taken++) {
        if (wanted[taken]) {
          locks[taken].lock();
        }
      }
      return change.get();
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        if (wanted[i]) {
          locks[i].unlock();
        }
      }
    }
  }

  private static int stripe(UploadId uploadId) {
    return Math.floorMod(uploadId.value().hashCode(), STRIPES);
  }
}
