package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.ChannelInterest;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ChannelInterest} in memory: keeps the set of channels asked for, confirmed at once, and
 * counts the calls; the demo's in-process source, and tests of the engine's interest tracking, read
 * it to deliver only what an instance asked for. Thread-safe.
 */
public final class InMemoryChannelInterest implements ChannelInterest {
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final AtomicLong adds = new AtomicLong();
  private final AtomicLong removes = new AtomicLong();

  @Override
  public boolean selective() {
    return true;
  }

  @Override
  public CompletionStage<Void> add(Collection<String> channelKeys) {
    adds.incrementAndGet();
    channels.addAll(channelKeys);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void remove(Collection<String> channelKeys) {
    removes.incrementAndGet();
    channels.removeAll(channelKeys);
  }

  /**
   * Whether events of the channel {@code key} ({@code upload:{id}}, {@code user:{id}}) are wanted.
   */
  public boolean wants(String key) {
    return channels.contains(key);
  }

  /** The channels wanted now. */
  public Set<String> channels() {
    return Set.copyOf(channels);
  }

  /** Calls of {@link #add} so far. */
  public long adds() {
    return adds.get();
  }

  /** Calls of {@link #remove} so far. */
  public long removes() {
    return removes.get();
  }
}
