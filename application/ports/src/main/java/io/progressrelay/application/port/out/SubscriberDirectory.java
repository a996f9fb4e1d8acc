package io.progressrelay.application.port.out;

import io.progressrelay.domain.UploadId;
import java.time.Instant;
import java.util.Optional;

/**
 * The real-time path's source of recipients: loads an upload's audience, with its registration's
 * latest event, from storage in one query. The fan-out engine caches what it returns and asks again
 * only when subscriptions or grants change.
 */
public interface SubscriberDirectory {
  /** The upload's audience, or empty when the upload is not registered. */
  Optional<UploadAudience> findAudience(UploadId uploadId, Instant expiryCutoff);
}
