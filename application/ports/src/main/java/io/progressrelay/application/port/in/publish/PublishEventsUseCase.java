package io.progressrelay.application.port.in.publish;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Role;
import java.util.Set;

/** Publishes workers' events through the relay, for workers that cannot reach Redis. */
public interface PublishEventsUseCase {
  /** The most events one request may carry. */
  int MAX_EVENTS = 1000;

  /** Who may publish: backends ({@code service}) and admins. */
  Set<Role> PUBLISHER_ROLES = Set.of(Role.SERVICE, Role.ADMIN);

  /**
   * Publishes the request's events in order, all or none, as a worker's {@code PUBLISH} or {@code
   * XADD} would; with an idempotency key, a retry of the same request returns the first answer.
   *
   * @throws io.progressrelay.application.port.in.AccessDeniedException without the service or admin
   *     role
   * @throws io.progressrelay.application.port.out.publish.InvalidEventException for an event the
   *     relay would drop
   * @throws IdempotencyKeyReusedException when the key was used for another request
   * @throws IdempotencyKeyInFlightException while the key's first request still runs
   * @throws io.progressrelay.application.port.out.publish.PublishUnavailableException when Redis
   *     cannot be reached
   */
  PublishAnswer publish(Caller caller, PublishRequest request);
}
