package io.progressrelay.domain;

/** What registering an upload's owner did. */
public enum RegistrationOutcome {
  /** The upload was new and is now registered. */
  CREATED,
  /** The upload was already registered to the same owner; nothing changed. */
  UNCHANGED,
  /** The upload is registered to another owner; nothing changed. */
  CONFLICT
}
