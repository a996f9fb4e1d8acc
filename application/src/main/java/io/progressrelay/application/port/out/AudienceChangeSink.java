package io.progressrelay.application.port.out;

import io.progressrelay.domain.AudienceChange;
import java.util.List;

/**
 * Where the use cases report a committed change of who receives an upload's events: the local
 * fan-out engine and, through Redis, every other instance.
 *
 * <p>A change that {@linkplain AudienceChange.Type#removesAccess removes access} is in force on
 * every instance when the call returns: none delivers an event published after that to the user
 * (or, for a deleted upload, to anyone) it took the upload from. When the change cannot be sent
 * (the messenger is down) the call returns all the same, since the change is committed; the sink
 * then sees to it that the others drop what they cached as soon as they can be told. A change that
 * adds access may take effect elsewhere after the call returned.
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
