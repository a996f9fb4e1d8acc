package io.progressrelay.application.port.out.contract;

import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;

/** The out-port implementations of one storage technology, sharing one store. */
public record Repositories(
    UploadRepository uploads,
    GrantRepository grants,
    SubscriptionRepository subscriptions,
    SubscriberDirectory directory) {}
