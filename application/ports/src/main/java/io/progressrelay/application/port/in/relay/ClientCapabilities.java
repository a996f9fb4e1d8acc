package io.progressrelay.application.port.in.relay;

/**
 * What a connected client's protocol lets the fan-out engine send it beyond the events themselves,
 * decided once when it connects.
 *
 * @param latestOnSubscribe whether the connection receives an upload's latest event when its user
 *     subscribes to the upload; the old relay's clients do not expect it and would take a replayed
 *     terminal event for a new one
 */
public record ClientCapabilities(boolean latestOnSubscribe) {
  /** A client of the old relay's protocol: the published events and the answers to its requests. */
  public static final ClientCapabilities EVENTS_ONLY = new ClientCapabilities(false);

  /** A client that catches up on subscribing: it also receives the upload's latest event. */
  public static final ClientCapabilities LATEST_ON_SUBSCRIBE = new ClientCapabilities(true);
}
