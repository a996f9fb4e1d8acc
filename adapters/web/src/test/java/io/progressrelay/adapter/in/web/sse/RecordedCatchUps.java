package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The real engine's connect use case, recording what each connection was asked to catch up on
 * before passing it on.
 */
final class RecordedCatchUps {
  /** One call of {@link ClientConnection#catchUp}. */
  record CatchUp(Optional<Position> since, List<UploadId> followedNewestFirst) {}

  private final List<CatchUp> calls = new CopyOnWriteArrayList<>();

  ConnectClientUseCase around(ConnectClientUseCase engine) {
    return (caller, socket, greeting, capabilities) ->
        recording(engine.connect(caller, socket, greeting, capabilities));
  }

  List<CatchUp> calls() {
    return List.copyOf(calls);
  }

  private ClientConnection recording(ClientConnection connection) {
    return new ClientConnection() {
      @Override
      public String connectionId() {
        return connection.connectionId();
      }

      @Override
      public void send(String frame) {
        connection.send(frame);
      }

      @Override
      public void answerSubscribe(
          UploadId upload, Optional<Position> since, Supplier<String> request) {
        connection.answerSubscribe(upload, since, request);
      }

      @Override
      public void catchUp(Optional<Position> since, List<UploadId> followedNewestFirst) {
        calls.add(new CatchUp(since, List.copyOf(followedNewestFirst)));
        connection.catchUp(since, followedNewestFirst);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }
}
