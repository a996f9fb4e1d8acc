package io.progressrelay.application.port.out.publish;

import io.progressrelay.domain.PublishedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency keys of publish requests, shared by every relay instance. A key is claimed while its
 * request runs, then holds the request's answer for the idempotency window.
 */
public interface IdempotencyStore {
  /** What a key already holds: the request's fingerprint, and its answer once it completed. */
  record Attempt(String fingerprint, Optional<List<PublishedEvent>> answer) {}

  /**
   * Claims {@code key} for a request with {@code fingerprint} for at most {@code inFlight}, if
   * nobody holds it; otherwise returns what it holds.
   *
   * @throws PublishUnavailableException when the store cannot be reached
   */
  Optional<Attempt> claim(String key, String fingerprint, Duration inFlight);

  /** Stores the answer of the request that claimed {@code key}, kept for {@code window}. */
  void complete(String key, String fingerprint, List<PublishedEvent> answer, Duration window);

  /**
   * Gives {@code key} up if it is still claimed with {@code fingerprint}: nothing was published.
   */
  void release(String key, String fingerprint);

  /** A store that keeps nothing, for deployments that cannot publish anyway (the demo). */
  IdempotencyStore NONE =
      new IdempotencyStore() {
        @Override
        public Optional<Attempt> claim(String key, String fingerprint, Duration inFlight) {
          return Optional.empty();
        }

        @Override
        public void complete(
            String key, String fingerprint, List<PublishedEvent> answer, Duration window) {}

        @Override
        public void release(String key, String fingerprint) {}
      };
}
