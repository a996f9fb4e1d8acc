package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Checkpoints in a map that count saves and can be made to fail, as a database that is down. */
final class RecordingCheckpoints implements StreamCheckpoints {
  private final Map<String, Position> saved = new ConcurrentHashMap<>();
  final AtomicInteger saves = new AtomicInteger();
  volatile boolean failing;

  @Override
  public Optional<Position> load(String streamKey) {
    if (failing) {
      throw new IllegalStateException("storage is down");
    }
    return Optional.ofNullable(saved.get(streamKey));
  }

  @Override
  public void advance(String streamKey, Position reached) {
    if (failing) {
      throw new IllegalStateException("storage is down");
    }
    saves.incrementAndGet();
    saved.merge(streamKey, reached, (old, offered) -> offered.isAfter(old) ? offered : old);
  }
}
