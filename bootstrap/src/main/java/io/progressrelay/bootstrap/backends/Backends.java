package io.progressrelay.bootstrap.backends;

import io.progressrelay.bootstrap.config.AppConfig;

/**
 * The outgoing adapters {@link io.progressrelay.bootstrap.Application} is built on: PostgreSQL and
 * Redis for {@code serve}, or memory for the demo when those do not answer.
 */
public interface Backends {
  /** The id this instance records in delivery history and tags its announcements with. */
  String instanceId();

  /**
   * Opens the storage, ready for use (PostgreSQL: created when missing and migrated).
   *
   * @throws RuntimeException when it cannot be used; nothing stays open then
   */
  Storage openStorage(AppConfig config);

  /**
   * The event source (not started yet) and the announcer of audience changes; a stream source
   * resumes from the checkpoints in {@code storage}.
   */
  EventBus openEventBus(AppConfig config, Storage storage);
}
