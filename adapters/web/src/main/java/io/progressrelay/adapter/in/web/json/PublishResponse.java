package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.publish.PublishAnswer;
import java.util.List;

/**
 * The answer to a publish request: one item per event in request order, and whether it is the
 * stored answer of an earlier request with the same idempotency key (nothing was published now).
 */
public record PublishResponse(List<PublishedEventResponse> events, boolean replayed) {
  /**
   * One published event: its channel as published, the stream entry id (streams mode, else null)
   * and how many Redis subscribers (relay instances) received it (pub/sub mode, else null).
   */
  public record PublishedEventResponse(String channel, String entryId, Long receivers) {}

  public static PublishResponse of(PublishAnswer answer) {
    return new PublishResponse(
        answer.events().stream()
            .map(
                e ->
                    new PublishedEventResponse(
                        e.channel(), e.entryId(), e.receivers() < 0 ? null : e.receivers()))
            .toList(),
        answer.replayed());
  }
}
