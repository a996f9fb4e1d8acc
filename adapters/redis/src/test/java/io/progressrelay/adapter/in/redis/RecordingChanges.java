package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.domain.AudienceChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every audience change it is asked to apply, in order. */
public final class RecordingChanges implements ApplyAudienceChangeUseCase {
  // Not copy-on-write: a test records tens of thousands of changes.
  private final List<AudienceChange> changes = new ArrayList<>();
  private final AtomicInteger resynchronizations = new AtomicInteger();
  private final List<String> channelsResynchronized = new ArrayList<>();

  @Override
  public synchronized void apply(AudienceChange change) {
    changes.add(change);
  }

  @Override
  public void resynchronize() {
    resynchronizations.incrementAndGet();
  }

  @Override
  public synchronized void resynchronize(Collection<String> channelKeys) {
    channelsResynchronized.addAll(channelKeys);
  }

  /**
   * The channels resynchronised one by one (their subscription alone was interrupted), in order.
   */
  public synchronized List<String> channelsResynchronized() {
    return List.copyOf(channelsResynchronized);
  }

  public int resynchronizations() {
    return resynchronizations.get();
  }

  public synchronized List<AudienceChange> changes() {
    return List.copyOf(changes);
  }
}
