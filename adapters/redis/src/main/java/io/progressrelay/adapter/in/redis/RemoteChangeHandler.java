package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one control message, whether it came over pub/sub or from the stream: skips this
 * instance's own and repeats of a number already applied (a cluster's copies), reloads every route
 * when the numbers show that an announcement of another instance was lost, and hands the change to
 * {@link ApplyAudienceChangeUseCase}. Used by one reading thread.
 */
final class RemoteChangeHandler {
  private static final Logger log = LoggerFactory.getLogger(RemoteChangeHandler.class);

  private final RedisNodeId nodeId;
  private final ApplyAudienceChangeUseCase remoteChanges;
  private final AtomicLong missedAnnouncements;
  private final ControlMessageCodec codec = new ControlMessageCodec(new JsonFactory());
  private final ControlSequences sequences = new ControlSequences();

  RemoteChangeHandler(
      RedisNodeId nodeId,
      ApplyAudienceChangeUseCase remoteChanges,
      AtomicLong missedAnnouncements) {
    this.nodeId = nodeId;
    this.remoteChanges = remoteChanges;
    this.missedAnnouncements = missedAnnouncements;
  }

  void apply(byte[] message) throws MalformedMessageException {
    var control = codec.decode(message);
    if (nodeId.value().equals(control.origin())) {
      return; // announced by this instance, whose engine applied it before publishing
    }
    var verdict =
        control.stamp().isPresent()
            ? sequences.receive(control.origin(), control.stamp().get())
            : ControlSequences.Verdict.NEXT; // from an instance that does not number them
    if (verdict == ControlSequences.Verdict.REPEAT) {
      return; // applied when its first copy arrived
    }
    if (verdict == ControlSequences.Verdict.AFTER_A_LOSS) {
      // A change of that instance never arrived: every cached audience may be stale.
      missedAnnouncements.incrementAndGet();
      log.info(
          "An audience change announced by instance {} was lost; reloading every route",
          control.origin());
      remoteChanges.resynchronize();
    }
    control.change().ifPresent(remoteChanges::apply);
  }

  /** The caches were dropped: numbers received before no longer tell anything. */
  void forgetNumbers() {
    sequences.forgetAll();
  }
}
