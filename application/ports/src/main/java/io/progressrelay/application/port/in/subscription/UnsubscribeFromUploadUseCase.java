package io.progressrelay.application.port.in.subscription;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;

/** Ends the caller's subscription to an upload; idempotent. */
public interface UnsubscribeFromUploadUseCase {
  /**
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the caller may not
   *     follow the upload
   */
  void unsubscribe(Caller caller, UploadId uploadId);
}
