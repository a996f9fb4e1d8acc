package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.UploadRegistration;

/** The answer to registering one upload: who owns it and whether this call created it. */
public record RegistrationResponse(String uploadId, String ownerId, boolean created) {
  public static RegistrationResponse of(
      UploadRegistration registration, RegistrationOutcome outcome) {
    return new RegistrationResponse(
        registration.uploadId().value(),
        registration.ownerId().value(),
        outcome == RegistrationOutcome.CREATED);
  }
}
