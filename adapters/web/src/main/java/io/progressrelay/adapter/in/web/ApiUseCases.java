package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.in.grant.GrantAccessUseCase;
import io.progressrelay.application.port.in.grant.ListGrantsUseCase;
import io.progressrelay.application.port.in.grant.RevokeAccessUseCase;
import io.progressrelay.application.port.in.subscription.ListSubscriptionsUseCase;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.UnsubscribeFromUploadUseCase;
import io.progressrelay.application.port.in.upload.BulkRegisterUploadsUseCase;
import io.progressrelay.application.port.in.upload.DeleteUploadUseCase;
import io.progressrelay.application.port.in.upload.GetUploadUseCase;
import io.progressrelay.application.port.in.upload.RegisterUploadUseCase;
import java.util.Objects;

/** The use cases the REST API calls, one per endpoint family; the services check every role. */
public record ApiUseCases(
    RegisterUploadUseCase registerUpload,
    BulkRegisterUploadsUseCase bulkRegisterUploads,
    GetUploadUseCase getUpload,
    DeleteUploadUseCase deleteUpload,
    GrantAccessUseCase grantAccess,
    RevokeAccessUseCase revokeAccess,
    ListGrantsUseCase listGrants,
    SubscribeToUploadUseCase subscribe,
    UnsubscribeFromUploadUseCase unsubscribe,
    ListSubscriptionsUseCase listSubscriptions) {
  public ApiUseCases {
    Objects.requireNonNull(registerUpload, "registerUpload");
    Objects.requireNonNull(bulkRegisterUploads, "bulkRegisterUploads");
    Objects.requireNonNull(getUpload, "getUpload");
    Objects.requireNonNull(deleteUpload, "deleteUpload");
    Objects.requireNonNull(grantAccess, "grantAccess");
    Objects.requireNonNull(revokeAccess, "revokeAccess");
    Objects.requireNonNull(listGrants, "listGrants");
    Objects.requireNonNull(subscribe, "subscribe");
    Objects.requireNonNull(unsubscribe, "unsubscribe");
    Objects.requireNonNull(listSubscriptions, "listSubscriptions");
  }

  /**
   * The use cases from one object per endpoint family, as the application's services implement
   * them; the adapter sees only the use-case interfaces, never the services.
   */
  public static <
          R extends RegisterUploadUseCase & BulkRegisterUploadsUseCase,
          U extends GetUploadUseCase & DeleteUploadUseCase,
          G extends GrantAccessUseCase & RevokeAccessUseCase & ListGrantsUseCase,
          S extends
              SubscribeToUploadUseCase & UnsubscribeFromUploadUseCase & ListSubscriptionsUseCase>
      ApiUseCases of(R registration, U uploads, G grants, S subscriptions) {
    return new ApiUseCases(
        registration,
        registration,
        uploads,
        uploads,
        grants,
        grants,
        grants,
        subscriptions,
        subscriptions,
        subscriptions);
  }
}
