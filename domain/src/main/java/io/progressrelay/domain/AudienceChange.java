package io.progressrelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Who receives an upload's events, or which registration its id stands for, has changed; every
 * instance must apply it to its cached audience within a second.
 */
public record AudienceChange(Type type, UploadId uploadId, Optional<UserId> userId) {
  /** What happened. */
  public enum Type {
    /**
     * The user subscribed; those of their connections that catch up on subscribing (as their
     * protocol decides) also get the upload's latest event.
     */
    SUBSCRIBED,
    /** The user unsubscribed. */
    UNSUBSCRIBED,
    /** The user's grant was revoked, ending their subscription. */
    ACCESS_REVOKED,
    /** The upload was deleted with all its subscriptions. */
    UPLOAD_DELETED,
    /**
     * The id was registered, perhaps again after a delete: nothing cached for it from before (the
     * previous registration's latest event, or events seen while it was unregistered) applies.
     */
    UPLOAD_REGISTERED;

    /** Whether a change of this type is about one user, who is then named. */
    public boolean namesAUser() {
      return this != UPLOAD_DELETED && this != UPLOAD_REGISTERED;
    }
  }

  public AudienceChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(userId, "userId");
    if (userId.isPresent() != type.namesAUser()) {
      throw new IllegalArgumentException(type + " needs a user id exactly when it is about one");
    }
  }

  public static AudienceChange subscribed(UserId user, UploadId upload) {
    return new AudienceChange(Type.SUBSCRIBED, upload, Optional.of(user));
  }

  public static AudienceChange unsubscribed(UserId user, UploadId upload) {
    return new AudienceChange(Type.UNSUBSCRIBED, upload, Optional.of(user));
  }

  public static AudienceChange accessRevoked(UserId user, UploadId upload) {
    return new AudienceChange(Type.ACCESS_REVOKED, upload, Optional.of(user));
  }

  public static AudienceChange uploadDeleted(UploadId upload) {
    return new AudienceChange(Type.UPLOAD_DELETED, upload, Optional.empty());
  }

  public static AudienceChange uploadRegistered(UploadId upload) {
    return new AudienceChange(Type.UPLOAD_REGISTERED, upload, Optional.empty());
  }
}
