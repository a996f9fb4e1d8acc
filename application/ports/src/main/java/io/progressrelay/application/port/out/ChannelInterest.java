package io.progressrelay.application.port.out;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which event channels this instance receives, for an event source that receives only those asked
 * for (Redis {@code SUBSCRIBE} per channel, and later sharded {@code SSUBSCRIBE}), as opposed to
 * one that receives every channel ({@link #EVERYTHING}, {@code PSUBSCRIBE}). Channels are named by
 * their prefix-free keys, {@code upload:{id}} and {@code user:{id}} ({@code EventChannel.keyOf}).
 * The fan-out engine counts who needs each channel and calls this port only when a channel is first
 * needed or no longer needed, in that order; an implementation may batch the calls into few
 * commands. Thread-safe; no method blocks or calls back into its caller.
 */
public interface ChannelInterest {
  /** Receives every channel whatever is asked: the engine need not track anything. */
  ChannelInterest EVERYTHING =
      new ChannelInterest() {
        @Override
        public boolean selective() {
          return false;
        }

        @Override
        public CompletionStage<Void> add(Collection<String> channelKeys) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void remove(Collection<String> channelKeys) {}
      };

  /** False when every channel is received anyway, so the engine tracks no interest at all. */
  boolean selective();

  /**
   * Starts receiving {@code channelKeys}. The stage completes once every event published on them
   * from then on will be received (Redis confirmed the subscription), or at once when the source is
   * not connected (its next connection subscribes them, and reports the outage as it does today).
   */
  CompletionStage<Void> add(Collection<String> channelKeys);

  /** Stops receiving {@code channelKeys}; events already on their way may still arrive. */
  void remove(Collection<String> channelKeys);
}
