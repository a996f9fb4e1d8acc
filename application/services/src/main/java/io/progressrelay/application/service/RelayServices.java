package io.progressrelay.application.service;

import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.SubscriptionPolicy;
import java.time.Clock;

/** Every use-case service, built over one set of repositories, policy and clock. */
public record RelayServices(
    UploadRegistrationService registration,
    UploadService uploads,
    GrantService grants,
    SubscriptionService subscriptions) {

  public static RelayServices create(
      UploadRepository uploads,
      GrantRepository grants,
      SubscriptionRepository subscriptions,
      SubscriptionPolicy policy,
      Clock clock,
      AudienceChangeSink changes) {
    var order = new OneUploadAtATime();
    return new RelayServices(
        new UploadRegistrationService(uploads, clock, changes, order),
        new UploadService(uploads, grants, subscriptions, policy, clock, changes, order),
        new GrantService(uploads, grants, clock, changes, order),
        new SubscriptionService(uploads, grants, subscriptions, policy, clock, changes, order));
  }
}
