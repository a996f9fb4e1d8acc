package io.progressrelay.application.port.in.grant;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import java.util.List;

/** Lists who else may follow an upload (its owner or an admin). */
public interface ListGrantsUseCase {
  /** The grants of the upload, oldest first. */
  List<Grant> list(Caller caller, UploadId uploadId);
}
