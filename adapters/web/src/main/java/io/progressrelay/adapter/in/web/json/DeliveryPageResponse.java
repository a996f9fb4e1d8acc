package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.history.DeliveriesAnswer;
import java.util.List;

/** A page of delivery history, newest first; {@code nextCursor} is null on the last page. */
public record DeliveryPageResponse(
    List<DeliveryResponse> items, String nextCursor, List<GapResponse> gaps) {
  public static DeliveryPageResponse of(DeliveriesAnswer answer) {
    return new DeliveryPageResponse(
        answer.items().stream().map(DeliveryResponse::of).toList(),
        answer.nextCursor().orElse(null),
        GapResponse.of(answer.gaps()));
  }
}
