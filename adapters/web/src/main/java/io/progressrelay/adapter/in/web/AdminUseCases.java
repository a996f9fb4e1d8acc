package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.in.history.DeliveryStatsUseCase;
import io.progressrelay.application.port.in.history.ListLiveConnectionsUseCase;
import io.progressrelay.application.port.in.history.QueryDeliveriesUseCase;
import io.progressrelay.application.port.in.history.UploadTimelineUseCase;
import java.util.Objects;

/** The use cases behind {@code /api/admin}; the services check the admin role on every call. */
public record AdminUseCases(
    QueryDeliveriesUseCase queryDeliveries,
    DeliveryStatsUseCase deliveryStats,
    UploadTimelineUseCase uploadTimeline,
    ListLiveConnectionsUseCase liveConnections) {
  public AdminUseCases {
    Objects.requireNonNull(queryDeliveries, "queryDeliveries");
    Objects.requireNonNull(deliveryStats, "deliveryStats");
    Objects.requireNonNull(uploadTimeline, "uploadTimeline");
    Objects.requireNonNull(liveConnections, "liveConnections");
  }

  /** The use cases from one object that implements them all, as the admin history service does. */
  public static <
          T extends
              QueryDeliveriesUseCase & DeliveryStatsUseCase & UploadTimelineUseCase
                  & ListLiveConnectionsUseCase>
      AdminUseCases of(T service) {
    return new AdminUseCases(service, service, service, service);
  }
}
