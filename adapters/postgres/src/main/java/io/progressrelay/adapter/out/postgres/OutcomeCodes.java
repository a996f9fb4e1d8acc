package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.DeliveryOutcome;

/**
 * The {@code smallint} codes of {@code delivery_events.outcomes}, fixed by migration V4: spelled
 * out here rather than taken from the enum's order, so that reordering the enum cannot change
 * stored meanings.
 */
final class OutcomeCodes {
  private OutcomeCodes() {}

  static short codeOf(DeliveryOutcome outcome) {
    return switch (outcome) {
      case DELIVERED -> 0;
      case COALESCED -> 1;
      case RATE_LIMITED -> 2;
      case DROPPED_SLOW_CONSUMER -> 3;
      case FAILED -> 4;
      case NO_CONNECTION -> 5;
      case NO_SUBSCRIBERS -> 6;
    };
  }

  static DeliveryOutcome outcomeOf(short code) {
    return switch (code) {
      case 0 -> DeliveryOutcome.DELIVERED;
      case 1 -> DeliveryOutcome.COALESCED;
      case 2 -> DeliveryOutcome.RATE_LIMITED;
      case 3 -> DeliveryOutcome.DROPPED_SLOW_CONSUMER;
      case 4 -> DeliveryOutcome.FAILED;
      case 5 -> DeliveryOutcome.NO_CONNECTION;
      case 6 -> DeliveryOutcome.NO_SUBSCRIBERS;
      default -> throw new IllegalStateException("unknown outcome code " + code);
    };
  }
}
