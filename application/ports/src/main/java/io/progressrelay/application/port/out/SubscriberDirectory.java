package io.progressrelay.application.port.out;

import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real-time path's source of recipients: loads uploads' audiences, each with its registration's
 * latest event, from storage, many in one query. The fan-out engine caches what it returns and asks
 * again only when subscriptions or grants change.
 */
public interface SubscriberDirectory {
  /**
   * The audiences of those of {@code uploadIds} that are registered, by upload id; an id that is
   * not registered has no entry. One query however many ids.
   */
  Map<UploadId, UploadAudience> findAudiences(Collection<UploadId> uploadIds, Instant expiryCutoff);

  /**
   * The uploads {@code user} holds a live subscription to, in no particular order: what the user's
   * connections on an instance receive (interest-based subscriptions subscribe to exactly those).
   */
  List<UploadId> followedBy(UserId user, Instant expiryCutoff);

  /**
   * What each of {@code users} follows, as {@link #followedBy} says, by user: every user given has
   * an entry, empty when it follows nothing. One query however many users (the caller splits a very
   * long list).
   */
  Map<UserId, List<UploadId>> followedByEach(Collection<UserId> users, Instant expiryCutoff);

  /** The upload's audience, or empty when the upload is not registered. */
  default Optional<UploadAudience> findAudience(UploadId uploadId, Instant expiryCutoff) {
    return Optional.ofNullable(findAudiences(List.of(uploadId), expiryCutoff).get(uploadId));
  }
}
