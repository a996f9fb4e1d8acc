package io.progressrelay.application.port.in.relay;

/** How a connection's client wants event frames written, chosen once when it connects. */
public enum FrameFormat {
  /** The payload exactly as the worker published it: the old relay's protocol and v2. */
  PAYLOAD,
  /**
   * {@code progress-relay.v3}: the payload inside an envelope naming its channel and position,
   * {@code {"action":"event","channel":...,"position":...,"data":<payload>}}.
   */
  ENVELOPE,
  /** Server-Sent Events: the v3 envelope as an event's data, its resume cursor as the event id. */
  SSE;

  /** Whether the client learns events' positions and so may resume. */
  public boolean carriesPositions() {
    return this != PAYLOAD;
  }
}
