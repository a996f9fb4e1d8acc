package io.progressrelay.domain;

/** How a connection's queue treats a frame when the browser reads slower than events arrive. */
public enum DeliveryPolicy {
  /**
   * Only the newest value matters: an unsent frame with the same coalesce key still queued is
   * replaced in place by the newer one.
   */
  LATEST,
  /** Never coalesced or dropped; if it cannot be queued the connection is closed (4008). */
  RELIABLE,
  /** Queued in order; overflow closes the connection (4008). */
  ORDERED
}
