package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory that counts its loads (queries, each of any number of ids) and, when closed, holds
 * them until the test opens it; it also counts its reads of what users follow, which it never
 * holds.
 */
final class GatedDirectory implements SubscriberDirectory {
  private final SubscriberDirectory delegate;
  private final AtomicInteger loads = new AtomicInteger();
  private final Queue<List<UploadId>> queries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger followReads = new AtomicInteger();
  private final Queue<Integer> followBatches = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  GatedDirectory(SubscriberDirectory delegate) {
    this.delegate = delegate;
  }

  void close() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  int loads() {
    return loads.get();
  }

  /** The ids of every query so far, in order. */
  List<List<UploadId>> queries() {
    return List.copyOf(queries);
  }

  @Override
  public Map<UploadId, UploadAudience> findAudiences(
      Collection<UploadId> uploadIds, Instant expiryCutoff) {
    loads.incrementAndGet();
    queries.add(List.copyOf(uploadIds));
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the directory");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return delegate.findAudiences(uploadIds, expiryCutoff);
  }

  /** Reads of what one user follows, so far. */
  int followReads() {
    return followReads.get();
  }

  /** How many users each read of what many users follow asked for, in order. */
  List<Integer> followBatches() {
    return List.copyOf(followBatches);
  }

  @Override
  public List<UploadId> followedBy(UserId user, Instant expiryCutoff) {
    followReads.incrementAndGet();
    return delegate.followedBy(user, expiryCutoff);
  }

  @Override
  public Map<UserId, List<UploadId>> followedByEach(
      Collection<UserId> users, Instant expiryCutoff) {
    followBatches.add(users.size());
    return delegate.followedByEach(users, expiryCutoff);
  }
}
