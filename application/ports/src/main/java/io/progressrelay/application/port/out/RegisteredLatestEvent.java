package io.progressrelay.application.port.out;

import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.UploadId;
import java.util.Objects;

/**
 * An upload's latest event with the registration it was published under (see {@link
 * UploadAudience#registration()}), as the fan-out engine writes it back.
 */
public record RegisteredLatestEvent(UploadId uploadId, long registration, LatestEvent event) {
  public RegisteredLatestEvent {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(event, "event");
  }
}
