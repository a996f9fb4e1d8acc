package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;

/** Forgets an upload with its grants and subscriptions (role service or admin). */
public interface DeleteUploadUseCase {
  /**
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if it does not exist
   */
  void delete(Caller caller, UploadId uploadId);
}
