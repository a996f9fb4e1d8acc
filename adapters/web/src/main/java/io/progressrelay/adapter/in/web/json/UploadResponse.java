package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.application.port.in.upload.UploadDetails;
import io.progressrelay.domain.Upload;
import java.time.Instant;
import java.util.List;

/**
 * An upload as one follower sees it: {@code grants} holds all grants for the owner or an admin and
 * only the caller's own for a grantee; {@code latestEvent} is null until the first event.
 */
public record UploadResponse(
    String uploadId,
    String ownerId,
    Instant createdAt,
    List<GrantResponse> grants,
    int subscriberCount,
    LatestEventResponse latestEvent) {
  public static UploadResponse of(UploadDetails details, ObjectMapper mapper) {
    Upload upload = details.upload();
    return new UploadResponse(
        upload.id().value(),
        upload.owner().value(),
        upload.createdAt(),
        details.grants().stream().map(GrantResponse::of).toList(),
        details.subscriberCount(),
        upload.latestEvent().map(event -> LatestEventResponse.of(event, mapper)).orElse(null));
  }
}
