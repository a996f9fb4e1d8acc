package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.UploadId;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A directory that counts its loads and, when closed, holds them until the test opens it. */
final class GatedDirectory implements SubscriberDirectory {
  private final SubscriberDirectory delegate;
  private final AtomicInteger loads = new AtomicInteger();
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

  @Override
  public Optional<UploadAudience> findAudience(UploadId uploadId, Instant expiryCutoff) {
    loads.incrementAndGet();
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the directory");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return delegate.findAudience(uploadId, expiryCutoff);
  }
}
