package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.domain.Position;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The checkpoint saver stores behind the caller, never moves back, and retries failures. */
class StreamCheckpointSaverTest {
  private static final String STREAM = "events";
  private final RecordingCheckpoints checkpoints = new RecordingCheckpoints();

  @Test
  void savesTheNewestPositionReportedAndNeverAnOlderOne() {
    try (var saver = new StreamCheckpointSaver(checkpoints, STREAM, Duration.ofMillis(20))) {
      saver.checkpointReached(Position.streamEntry(100, 1));
      saver.checkpointReached(Position.streamEntry(100, 3));
      saver.checkpointReached(Position.streamEntry(99, 7));

      await().until(() -> checkpoints.load(STREAM).isPresent());
      assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(100, 3));
      assertThat(saver.reached()).contains(Position.streamEntry(100, 3));
    }
  }

  @Test
  void aFailedSaveIsRetriedOnceStorageIsBack() {
    checkpoints.failing = true;
    try (var saver = new StreamCheckpointSaver(checkpoints, STREAM, Duration.ofMillis(20))) {
      saver.checkpointReached(Position.streamEntry(5, 0));
      await().until(() -> saver.failures() >= 2);

      checkpoints.failing = false;

      await().until(() -> checkpoints.load(STREAM).isPresent());
      assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(5, 0));
    }
  }

  @Test
  void closingSavesWhatWasReportedLast() {
    var saver = new StreamCheckpointSaver(checkpoints, STREAM, Duration.ofHours(1));
    saver.checkpointReached(Position.streamEntry(42, 0));

    saver.close();

    assertThat(checkpoints.load(STREAM)).contains(Position.streamEntry(42, 0));
  }

  @Test
  void nothingNewIsNotSavedAgain() {
    var saver = new StreamCheckpointSaver(checkpoints, STREAM, Duration.ofHours(1));
    saver.checkpointReached(Position.streamEntry(42, 0));
    assertThat(saver.save()).isTrue();
    assertThat(saver.save()).isTrue();
    saver.close();

    assertThat(checkpoints.saves).hasValue(1);
  }
}
