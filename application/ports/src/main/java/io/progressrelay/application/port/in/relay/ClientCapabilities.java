package io.progressrelay.application.port.in.relay;

import java.util.Objects;

/**
 * What a connected client's protocol lets the fan-out engine send it beyond the events themselves,
 * decided once when it connects.
 *
 * @param latestOnSubscribe whether the connection receives an upload's latest event when its user
 *     subscribes to the upload; the old relay's clients do not expect it and would take a replayed
 *     terminal event for a new one
 * @param format how event frames are written; only clients that see positions can resume
 */
public record ClientCapabilities(boolean latestOnSubscribe, FrameFormat format) {
  /** A client of the old relay's protocol: the published events and the answers to its requests. */
  public static final ClientCapabilities EVENTS_ONLY =
      new ClientCapabilities(false, FrameFormat.PAYLOAD);

  /** A client that catches up on subscribing: it also receives the upload's latest event. */
  public static final ClientCapabilities LATEST_ON_SUBSCRIBE =
      new ClientCapabilities(true, FrameFormat.PAYLOAD);

  /** A {@code progress-relay.v3} client: enveloped events with positions, resume, catch-up. */
  public static final ClientCapabilities RESUMING =
      new ClientCapabilities(true, FrameFormat.ENVELOPE);

  /** A Server-Sent Events stream: as v3, written as SSE messages. */
  public static final ClientCapabilities EVENT_STREAM =
      new ClientCapabilities(true, FrameFormat.SSE);

  public ClientCapabilities {
    Objects.requireNonNull(format, "format");
  }

  /** Whether the client sees positions, and so resumes and catches up. */
  public boolean resumes() {
    return format.carriesPositions();
  }
}
