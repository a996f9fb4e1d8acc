package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ControlMessageCodec.ControlMessage;
import io.progressrelay.adapter.in.redis.ProgressMessageParser.EventFields;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.testing.AllocationBudget;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzz tests of what the listener does with bytes anyone who may PUBLISH on Redis
 * sends: every message is relayed with its payload verbatim or dropped and counted, and nothing
 * else ever escapes. Without {@code JAZZER_FUZZ} each test runs its seeds in {@code
 * RedisMessageFuzzTestInputs/<method>/} (see docs/security.md for the fuzzing command).
 */
class RedisMessageFuzzTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ProgressMessageParser EVENTS = new ProgressMessageParser(JSON);
  private static final ControlMessageCodec CONTROL = new ControlMessageCodec(JSON);
  private static final RedisNodeId THIS_NODE = new RedisNodeId("fuzz-node");
  // Small, so that the fuzzer reaches the size check with inputs of its usual lengths.
  private static final int MAX_PAYLOAD_BYTES = 2048;
  // A warm parse allocates its buffers and tokens, never more than a fixed few per input byte.
  private static final long FIXED_BYTES = 64 * 1024;
  private static final long BYTES_PER_INPUT_BYTE = 64;

  private static final Logger LISTENER_LOG = (Logger) LoggerFactory.getLogger("io.progressrelay");
  private static Level levelBefore;

  // Every dropped message is logged at DEBUG; a million of them would only slow the fuzzer.
  @BeforeAll
  static void quietTheListenerLog() {
    levelBefore = LISTENER_LOG.getLevel();
    LISTENER_LOG.setLevel(Level.WARN);
  }

  @AfterAll
  static void restoreTheListenerLog() {
    LISTENER_LOG.setLevel(levelBefore);
  }

  @FuzzTest
  void eventParserReadsAnActionOrRejectsTheMessageAsMalformed(byte[] message) {
    AllocationBudget.assertWarmRunWithin(
        () -> parseEvent(message), FIXED_BYTES, BYTES_PER_INPUT_BYTE, message.length);
    EventFields first = parseEvent(message);
    assertThat(parseEvent(message)).isEqualTo(first);
    if (first != null) {
      assertThat(first.action()).isNotNull();
    }
  }

  @FuzzTest
  void controlDecoderReadsAnAudienceChangeOrRejectsTheMessageAsMalformed(byte[] message) {
    AllocationBudget.assertWarmRunWithin(
        () -> decodeControl(message), FIXED_BYTES, BYTES_PER_INPUT_BYTE, message.length);
    ControlMessage first = decodeControl(message);
    assertThat(decodeControl(message)).isEqualTo(first);
    if (first == null) {
      return;
    }
    assertThat(first.origin()).isNotEmpty();
    // What an instance reads, an instance could have written: encoding it decodes to the same.
    // (Messages without numbers, from instances before them, are read but never written.)
    if (isNodeId(first.origin()) && first.stamp().isPresent()) {
      var origin = new RedisNodeId(first.origin());
      SequenceStamp stamp = first.stamp().get();
      byte[] written =
          first.change().isPresent()
              ? CONTROL.encode(origin, stamp, first.change().get())
              : CONTROL.encodeNotice(origin, stamp);
      assertThat(decodeControl(written)).isEqualTo(first);
    }
  }

  /**
   * The input is a channel name, a line feed, then the message, so that seeds read as text; the
   * channel name is the only part that never holds a line feed.
   */
  @FuzzTest
  @DictionaryEntries({
    "upload:",
    "user:",
    RedisListenerSettings.DEFAULT_CONTROL_CHANNEL,
    "fuzz-node",
    "\"action\"",
    "\"payload\"",
    "\"batch_id\"",
    "\"upload_id\"",
    "\"origin\"",
    "\"type\"",
    "\"uploadId\"",
    "\"userId\""
  })
  void handlerRelaysAnEventsPayloadVerbatimOrDropsAndCountsTheMessage(byte[] input) {
    int lineFeed = indexOf(input, (byte) '\n');
    byte[] channel = Arrays.copyOfRange(input, 0, lineFeed < 0 ? input.length : lineFeed);
    byte[] message =
        lineFeed < 0 ? new byte[0] : Arrays.copyOfRange(input, lineFeed + 1, input.length);
    var relay = new RecordingRelay();
    var changes = new RecordingChanges();
    var counters = new ListenerCounters();
    var settings = RedisListenerSettings.defaults().withMaxPayloadBytes(MAX_PAYLOAD_BYTES);

    new PubSubMessageHandler(settings, THIS_NODE, relay, changes, counters)
        .handle(channel, message);

    assertThat(counters.handlerFailures.get()).as("messages that made the handler fail").isZero();
    boolean control = new String(channel, StandardCharsets.UTF_8).equals(settings.controlChannel());
    long outcomes =
        relay.count()
            + changes.changes().size()
            + counters.malformed.get()
            + counters.oversized.get();
    // This instance's own announcements come back on the control channel and are skipped.
    boolean own = control && isAnnouncementOf(THIS_NODE, message);
    assertThat(outcomes).as("relayed, applied or dropped").isEqualTo(own ? 0 : 1);
    assertThat(counters.oversized.get() == 1).isEqualTo(message.length > MAX_PAYLOAD_BYTES);
    assertThat(changes.changes().isEmpty() || control).isTrue();
    if (relay.count() == 1) {
      ProgressEvent event = relay.events().get(0);
      assertThat(control).isFalse();
      assertThat(event.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(message);
      assertThat(event.channel().name().getBytes(StandardCharsets.UTF_8)).isEqualTo(channel);
    }
  }

  private static boolean isAnnouncementOf(RedisNodeId node, byte[] message) {
    if (message.length > MAX_PAYLOAD_BYTES) {
      return false;
    }
    ControlMessage decoded = decodeControl(message);
    return decoded != null && decoded.origin().equals(node.value());
  }

  /** The fields, or null when the parser rejected the message as malformed. */
  private static EventFields parseEvent(byte[] message) {
    try {
      return EVENTS.parse(message);
    } catch (MalformedMessageException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("a rejection without a reason", e);
      }
      return null;
    }
  }

  /** The message, or null when the codec rejected it as malformed. */
  private static ControlMessage decodeControl(byte[] message) {
    try {
      return CONTROL.decode(message);
    } catch (MalformedMessageException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("a rejection without a reason", e);
      }
      return null;
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isNodeId(String value) {
    try {
      new RedisNodeId(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
