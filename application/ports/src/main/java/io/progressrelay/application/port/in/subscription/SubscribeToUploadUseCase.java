package io.progressrelay.application.port.in.subscription;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.UploadId;

/** Subscribes the caller (owner, grantee or admin) to an upload's events on all their sockets. */
public interface SubscribeToUploadUseCase {
  /**
   * Returns {@link SubscribeOutcome#CREATED} or {@link SubscribeOutcome#UNCHANGED}.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the caller may not
   *     follow the upload
   * @throws io.progressrelay.application.port.in.SubscriptionLimitException at the limit
   */
  SubscribeOutcome subscribe(Caller caller, UploadId uploadId);
}
