package io.progressrelay.domain;

/** How much delivery history is recorded ({@code RELAY_HISTORY_LEVEL}). */
public enum HistoryLevel {
  /** Every outcome of every event. */
  ALL,
  /** Every outcome of terminal events, and every non-delivery of any event. */
  TERMINAL,
  /** Nothing. */
  OFF;

  /** Whether an outcome of an event of {@code kind} is recorded at this level. */
  public boolean records(EventKind kind, DeliveryOutcome outcome) {
    return switch (this) {
      case ALL -> true;
      case TERMINAL -> kind == EventKind.TERMINAL || outcome != DeliveryOutcome.DELIVERED;
      case OFF -> false;
    };
  }
}
