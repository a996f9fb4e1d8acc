package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.AudienceChange;
import java.util.Collection;

/** Applies an audience change made on this or another instance to this instance's routing. */
public interface ApplyAudienceChangeUseCase {
  void apply(AudienceChange change);

  /**
   * Changes may have been missed (the channel announcing them was down): forget every cached
   * audience so each is loaded again from storage when next needed. Must not block.
   */
  void resynchronize();

  /**
   * Events of {@code channelKeys} alone ({@code upload:{id}}, {@code user:{id}}) may have been
   * missed: their subscription was interrupted while the rest went on (a Redis Cluster slot that
   * moved to a master already connected) and is confirmed again, before their next event. As {@link
   * #resynchronize()} for those channels: what was cached of them is forgotten and loaded again,
   * and clients that resume are told. By default, everything is resynchronised. Must not block.
   */
  default void resynchronize(Collection<String> channelKeys) {
    resynchronize();
  }
}
