package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.history.LiveConnection;
import java.time.Instant;

/** One live WebSocket connection of this instance and its queue. */
public record ConnectionResponse(
    String connectionId,
    String userId,
    Instant since,
    int subscriptions,
    int queuedFrames,
    long queuedBytes,
    long framesSent,
    long framesCoalesced) {
  public static ConnectionResponse of(LiveConnection connection) {
    return new ConnectionResponse(
        connection.connectionId(),
        connection.userId().value(),
        connection.since(),
        connection.subscriptions(),
        connection.queuedFrames(),
        connection.queuedBytes(),
        connection.framesSent(),
        connection.framesCoalesced());
  }
}
