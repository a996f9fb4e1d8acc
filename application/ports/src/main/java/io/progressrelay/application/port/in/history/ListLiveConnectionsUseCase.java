package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.Caller;
import java.util.List;

/** Admins see the WebSocket connections this instance holds right now and their queues. */
public interface ListLiveConnectionsUseCase {
  List<LiveConnection> connections(Caller caller);
}
