package io.progressrelay.application.port.out;

import io.progressrelay.domain.AudienceChange;
import java.util.List;

/**
 * Where the use cases report a committed change of who receives an upload's events: the local
 * fan-out engine and, through Redis, every other instance.
 *
 * <p>A change is in force on every instance when the call returns: none routes an event published
 * after that by the audience from before the change. So once a revoke, unsubscribe or delete is
 * answered, the user it took the upload from gets none of its events anywhere, and once a
 * registration is answered, no instance drops the new upload's first events as belonging to an
 * earlier registration. When the change cannot be sent (the messenger is down) the call returns all
 * the same, since the change is committed; the sink then sees to it that the others drop what they
 * cached as soon as they can be told.
 */
@FunctionalInterface
public interface AudienceChangeSink {
  /** For a deployment without real-time delivery (tests of the REST API alone). */
  AudienceChangeSink NONE = change -> {};

  /** Reports one change, after its commit. */
  void changed(AudienceChange change);

  /**
   * Reports many changes of one commit (such as a bulk registration) in order; a sink that sends
   * them somewhere may send them together.
   */
  default void changedAll(List<AudienceChange> changes) {
    changes.forEach(this::changed);
  }
}
