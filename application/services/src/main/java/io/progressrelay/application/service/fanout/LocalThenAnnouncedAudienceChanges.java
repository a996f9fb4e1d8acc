package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.domain.AudienceChange;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the use cases report a committed audience change: it is applied to this instance's routing
 * first, then announced to the other instances (which apply it when the announcement arrives; this
 * one ignores its own). So the instance that made the change routes by it before the call that made
 * it returns, and so do the others (the announcer's contract, see {@link AudienceChangeSink}).
 * Thread-safe when both collaborators are.
 */
public final class LocalThenAnnouncedAudienceChanges implements AudienceChangeSink {
  private final Consumer<AudienceChange> local;
  private final AudienceChangeSink announcer;

  /**
   * @param local applies a committed change to this instance's routing ({@link
   *     FanOutEngine#applyCommitted})
   * @param announcer tells the other instances, or {@link AudienceChangeSink#NONE} when alone
   */
  public LocalThenAnnouncedAudienceChanges(
      Consumer<AudienceChange> local, AudienceChangeSink announcer) {
    this.local = Objects.requireNonNull(local, "local");
    this.announcer = Objects.requireNonNull(announcer, "announcer");
  }

  @Override
  public void changed(AudienceChange change) {
    local.accept(change);
    announcer.changed(change);
  }

  @Override
  public void changedAll(List<AudienceChange> changes) {
    changes.forEach(local);
    // Handed over as one batch, so an announcer may send it as one message.
    announcer.changedAll(changes);
  }
}
