package io.progressrelay.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StreamCheckpoints} must do. */
public abstract class StreamCheckpointsContract {
  private static final String STREAM = "progress-relay:events";

  private StreamCheckpoints checkpoints;

  /** Checkpoints with nothing saved yet. */
  protected abstract StreamCheckpoints emptyCheckpoints();

  @BeforeEach
  void empty() {
    checkpoints = emptyCheckpoints();
  }

  @Test
  void aStreamWithoutCheckpointHasNone() {
    assertThat(checkpoints.load(STREAM)).isEmpty();
  }

  @Test
  void anAdvancedCheckpointIsLoaded() {
    checkpoints.advance(STREAM, Position.streamEntry(1_733_560_000_000L, 5));

    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(1_733_560_000_000L, 5));
  }

  @Test
  void aCheckpointMovesForwardByMillisecondsAndBySequence() {
    checkpoints.advance(STREAM, Position.streamEntry(1000, 7));
    checkpoints.advance(STREAM, Position.streamEntry(1000, 9));
    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(1000, 9));

    checkpoints.advance(STREAM, Position.streamEntry(2000, 0));
    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(2000, 0));
  }

  @Test
  void aCheckpointNeverMovesBack() {
    checkpoints.advance(STREAM, Position.streamEntry(2000, 3));

    checkpoints.advance(STREAM, Position.streamEntry(2000, 2));
    checkpoints.advance(STREAM, Position.streamEntry(1999, 99));

    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(2000, 3));
  }

  @Test
  void eachStreamHasItsOwnCheckpoint() {
    checkpoints.advance(STREAM, Position.streamEntry(2000, 3));
    checkpoints.advance("other-stream", Position.streamEntry(10, 0));

    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(2000, 3));
    assertThat(checkpoints.load("other-stream")).contains(Position.streamEntry(10, 0));
  }

  @Test
  void aPositionThatIsNoStreamEntryIsRefused() {
    assertThatThrownBy(() -> checkpoints.advance(STREAM, Position.numbered("k3x9q2ab", 5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(checkpoints.load(STREAM)).isEmpty();
  }
}
