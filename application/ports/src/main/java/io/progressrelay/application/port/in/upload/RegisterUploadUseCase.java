package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.UploadRegistration;

/** Records who owns an upload; idempotent for the same owner (role service or admin). */
public interface RegisterUploadUseCase {
  /**
   * Returns {@link RegistrationOutcome#CREATED} or {@link RegistrationOutcome#UNCHANGED}.
   *
   * @throws io.progressrelay.application.port.in.UploadOwnerConflictException if another user owns
   *     the upload
   */
  RegistrationOutcome register(Caller caller, UploadRegistration registration);
}
