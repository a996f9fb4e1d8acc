package io.progressrelay.domain;

import java.util.Objects;

/** Which {@link DeliveryPolicy} applies to each {@link EventKind}. */
public record DeliveryPolicies(
    DeliveryPolicy progress, DeliveryPolicy terminal, DeliveryPolicy other) {
  /** Progress coalesces, terminal events are never lost, everything else keeps its order. */
  public static final DeliveryPolicies DEFAULT =
      new DeliveryPolicies(DeliveryPolicy.LATEST, DeliveryPolicy.RELIABLE, DeliveryPolicy.ORDERED);

  public DeliveryPolicies {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(other, "other");
  }

  public DeliveryPolicy forKind(EventKind kind) {
    return switch (kind) {
      case PROGRESS -> progress;
      case TERMINAL -> terminal;
      case OTHER -> other;
    };
  }
}
