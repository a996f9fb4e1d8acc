package io.progressrelay.domain;

import java.util.Locale;

/** What became of one event for one recipient user (or, for {@link #NO_SUBSCRIBERS}, for all). */
public enum DeliveryOutcome {
  /** Written to at least one of the user's sockets. */
  DELIVERED,
  /** Replaced by a newer progress frame before it was sent. */
  COALESCED,
  /** Held by the progress rate limit and replaced before its window ended. */
  RATE_LIMITED,
  /** The socket fell behind and was closed with 4008 before the frame was sent. */
  DROPPED_SLOW_CONSUMER,
  /** The socket failed while the frame was being written. */
  FAILED,
  /** The user is subscribed but was not connected to this instance. */
  NO_CONNECTION,
  /** Nobody was subscribed to the upload (recorded once per event). */
  NO_SUBSCRIBERS;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The spelling used in storage and the API: {@code delivered}, {@code no_connection}, ... */
  public String code() {
    return code; // computed once: the history writer asks for it on every row
  }
}
