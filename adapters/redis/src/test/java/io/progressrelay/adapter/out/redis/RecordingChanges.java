package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.AudienceChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audience change it is asked to apply, in order. */
final class RecordingChanges implements ApplyAudienceChangeUseCase {
  private final List<AudienceChange> changes = new CopyOnWriteArrayList<>();

  @Override
  public void apply(AudienceChange change) {
    changes.add(change);
  }

  List<AudienceChange> changes() {
    return List.copyOf(changes);
  }
}
