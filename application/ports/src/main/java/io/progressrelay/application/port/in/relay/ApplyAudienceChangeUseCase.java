package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.AudienceChange;

/** Applies an audience change made on this or another instance to this instance's routing. */
public interface ApplyAudienceChangeUseCase {
  void apply(AudienceChange change);

  /**
   * Changes may have been missed (the channel announcing them was down): forget every cached
   * audience so each is loaded again from storage when next needed. Must not block.
   */
  void resynchronize();
}
