package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadRegistration;
import java.util.List;

/** Registers many uploads in one transaction (role service or admin). */
public interface BulkRegisterUploadsUseCase {
  /** The largest batch accepted in one call. */
  int MAX_ENTRIES = 10_000;

  /**
   * Registers every entry that is new, leaves those already registered to the same owner, and
   * reports those registered to another owner without changing them.
   *
   * @throws io.progressrelay.domain.InvalidValueException for an empty or oversized batch, or one
   *     that names the same upload twice
   */
  BulkRegistrationResult registerAll(Caller caller, List<UploadRegistration> entries);
}
