package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link StreamCheckpoints} in the {@code stream_checkpoints} table; thread-safe. */
public final class PostgresStreamCheckpoints implements StreamCheckpoints {
  private final StreamCheckpointDao checkpoints;

  public PostgresStreamCheckpoints(Jdbi jdbi) {
    this.checkpoints = jdbi.onDemand(StreamCheckpointDao.class);
  }

  @Override
  public Optional<Position> load(String streamKey) {
    Objects.requireNonNull(streamKey, "streamKey");
    return Outages.translate(
        () -> checkpoints.find(streamKey).map(StreamCheckpointRow::toPosition));
  }

  @Override
  public void advance(String streamKey, Position reached) {
    Objects.requireNonNull(streamKey, "streamKey");
    if (!reached.isStreamEntry()) {
      throw new IllegalArgumentException("a stream checkpoint is a stream entry id: " + reached);
    }
    Outages.translate(
        () -> {
          checkpoints.advance(streamKey, reached.major(), reached.minor());
          return null;
        });
  }
}
