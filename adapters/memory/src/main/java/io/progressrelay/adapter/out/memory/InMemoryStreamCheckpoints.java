package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StreamCheckpoints} in a map, lost at exit; for the demo and tests. Thread-safe. */
public final class InMemoryStreamCheckpoints implements StreamCheckpoints {
  private final Map<String, Position> checkpoints = new ConcurrentHashMap<>();

  @Override
  public Optional<Position> load(String streamKey) {
    return Optional.ofNullable(checkpoints.get(Objects.requireNonNull(streamKey, "streamKey")));
  }

  @Override
  public void advance(String streamKey, Position reached) {
    Objects.requireNonNull(streamKey, "streamKey");
    if (!reached.isStreamEntry()) {
      throw new IllegalArgumentException("a stream checkpoint is a stream entry id: " + reached);
    }
    checkpoints.merge(
        streamKey, reached, (stored, offered) -> offered.isAfter(stored) ? offered : stored);
  }
}
