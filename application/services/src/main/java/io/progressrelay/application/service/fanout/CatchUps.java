package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.List;

/** What a connection asks of the engine to catch up: the channels' answers, and where it stands. */
interface CatchUps {
  /**
   * Asks every upload of {@code uploads} and the connection's user channel to answer {@code
   * connection}'s catch-up since {@code since} (null: latest states only), now or once loaded.
   */
  void start(QueuedClientConnection connection, Position since, List<UploadId> uploads);

  /** The position a client that has everything routed so far may resume from, or null. */
  Position cursorNow();

  /** A catch-up that answers only {@code caught_up}, for engines that keep no channels. */
  CatchUps NONE =
      new CatchUps() {
        @Override
        public void start(
            QueuedClientConnection connection, Position since, List<UploadId> uploads) {
          connection.caughtUpChannels(uploads.size() + 1);
        }

        @Override
        public Position cursorNow() {
          return null;
        }
      };
}
