package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.history.LiveConnection;
import java.util.List;

/** This instance's live connections, oldest first. */
public record ConnectionListResponse(List<ConnectionResponse> connections) {
  public static ConnectionListResponse of(List<LiveConnection> connections) {
    return new ConnectionListResponse(connections.stream().map(ConnectionResponse::of).toList());
  }
}
