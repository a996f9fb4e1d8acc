package io.progressrelay.application.port.out;

import io.progressrelay.domain.AudienceChange;
import java.util.List;

/**
 * Where the use cases report a committed change of who receives an upload's events: the local
 * fan-out engine and, through Redis, every other instance.
 */
@FunctionalInterface
public interface AudienceChangeSink {
  /** For a deployment without real-time delivery (tests of the REST API alone). */
  AudienceChangeSink NONE = change -> {};

  void changed(AudienceChange change);

  /**
   * Reports many changes of one commit (such as a bulk registration) in order; a sink that sends
   * them somewhere may send them together.
   */
  default void changedAll(List<AudienceChange> changes) {
    changes.forEach(this::changed);
  }
}
