package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Identifiers;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.testing.AllocationBudget;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzz tests of what an authenticated browser (or anyone with a valid token) can
 * send on its socket: data frames of any size, split anywhere, in any encoding, and any text. Every
 * message is joined within the size limit or refused with 1009, decoded as strict UTF-8 or refused
 * with 1007, and every text gets exactly one answer from the protocol's list. Without {@code
 * JAZZER_FUZZ} each test runs its seeds in {@code ClientFrameFuzzTestInputs/<method>/}.
 */
class ClientFrameFuzzTest {
  // The smallest limit the settings accept, so that the fuzzer reaches it with short inputs.
  private static final int MAX_MESSAGE_BYTES = 64;
  // Separates fragments in a fuzz input; never part of valid UTF-8, so seeds stay readable.
  private static final byte FRAGMENT_BREAK = (byte) 0xFF;
  private static final long FIXED_BYTES = 64 * 1024;
  private static final long BYTES_PER_INPUT_BYTE = 256;
  private static final Set<String> ANSWERS = Set.of("error", "subscribed", "unsubscribed", "pong");
  private static final Set<String> REFUSALS =
      Set.of(
          "invalid_json",
          "already_authenticated",
          "invalid_value",
          "not_found",
          "subscription_limit",
          "unknown_action");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller CALLER = Caller.user(new UserId("fuzz-user"));

  private static final Logger SOCKET_LOG = (Logger) LoggerFactory.getLogger("io.progressrelay");
  private static Level levelBefore;

  @BeforeAll
  static void quietTheSocketLog() {
    levelBefore = SOCKET_LOG.getLevel();
    SOCKET_LOG.setLevel(Level.WARN);
  }

  @AfterAll
  static void restoreTheSocketLog() {
    SOCKET_LOG.setLevel(levelBefore);
  }

  /**
   * The input's first byte picks text (even) or binary (odd); the rest, split at each 0xFF, is the
   * message's fragments. A fragment above the limit is cut into pieces of the limit, as Jetty does
   * with frames larger than its frame size limit.
   */
  @FuzzTest
  void inboundMessagesJoinFragmentsWithinTheLimitAndDecodeStrictUtf8(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte opCode = (input[0] & 1) == 0 ? OpCode.TEXT : OpCode.BINARY;
    List<byte[]> fragments = fragments(input);
    int total = fragments.stream().mapToInt(f -> f.length).sum();

    AllocationBudget.assertWarmRunWithin(
        () -> replay(opCode, fragments),
        FIXED_BYTES,
        BYTES_PER_INPUT_BYTE,
        Math.min(total, MAX_MESSAGE_BYTES));
    Object outcome = replay(opCode, fragments);
    if (fragments.size() > 1 && total > MAX_MESSAGE_BYTES) {
      assertThat(outcome).isInstanceOf(MessageTooLargeException.class);
    } else if (opCode == OpCode.TEXT && strictUtf8(join(fragments)).isEmpty()) {
      assertThat(outcome).isInstanceOf(BadPayloadException.class);
    } else {
      assertThat(outcome)
          .isEqualTo(
              new InboundMessages.Message(
                  opCode,
                  opCode == OpCode.TEXT ? strictUtf8(join(fragments)).orElseThrow() : null));
    }
  }

  /**
   * Sends the fragments to a new {@link InboundMessages}; returns the message, or what it threw,
   * once every fragment but the last returned null; then checks that the next message starts clean.
   */
  private static Object replay(byte opCode, List<byte[]> fragments) {
    var messages = new InboundMessages(MAX_MESSAGE_BYTES);
    Object outcome;
    try {
      int last = fragments.size() - 1;
      for (int i = 0; i < last; i++) {
        byte fragmentOpCode = i == 0 ? opCode : OpCode.CONTINUATION;
        if (messages.accept(frame(fragmentOpCode, fragments.get(i), false)) != null) {
          throw new AssertionError("a message before its last fragment, at fragment " + i);
        }
      }
      outcome =
          messages.accept(
              frame(last == 0 ? opCode : OpCode.CONTINUATION, fragments.get(last), true));
    } catch (MessageTooLargeException | BadPayloadException e) {
      outcome = e;
    }
    if (!"{}".equals(messages.accept(new Frame(OpCode.TEXT, true, "{}")).text())) {
      throw new AssertionError("the message after " + outcome + " did not start clean");
    }
    return outcome;
  }

  /** The input, as UTF-8 text, is what an authenticated client sent in one message. */
  @FuzzTest
  @DictionaryEntries({
    "\"action\"",
    "\"subscribe_upload\"",
    "\"unsubscribe_upload\"",
    "\"ping\"",
    "\"pong\"",
    "\"type\"",
    "\"auth\"",
    "\"token\"",
    "\"upload_id\"",
    "\"missing\"",
    "\"full\""
  })
  void everyTextFrameGetsExactlyOneAnswerFromTheProtocol(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    AllocationBudget.assertWarmRunWithin(
        () -> ClientFrame.parse(text), FIXED_BYTES, BYTES_PER_INPUT_BYTE, input.length);
    Optional<ClientFrame> parsed = ClientFrame.parse(text);

    var client = new RecordingClient();
    new SocketRequests(ClientFrameFuzzTest::subscribe, (caller, upload) -> refuseSome(upload))
        .answer(CALLER, client, parsed);

    boolean pong = parsed.isPresent() && !parsed.get().isAuth() && isAction(parsed.get(), "pong");
    assertThat(client.frames).hasSize(pong ? 0 : 1);
    for (String answer : client.frames) {
      JsonNode json = JSON.readTree(answer);
      String action = json.path("action").asText();
      assertThat(ANSWERS).contains(action);
      if (action.equals("error")) {
        assertThat(REFUSALS).contains(json.path("code").asText());
        assertThat(json.path("message").asText()).isNotBlank();
      } else if (!action.equals("pong")) {
        String uploadId = json.path("upload_id").asText();
        assertThat(Identifiers.requireValid("upload_id", uploadId))
            .isEqualTo(parsed.orElseThrow().text("upload_id").orElseThrow());
      }
    }
  }

  private static SubscribeOutcome subscribe(Caller caller, UploadId upload) {
    refuseSome(upload);
    return SubscribeOutcome.CREATED;
  }

  // A stranger's or unknown upload, and a caller at the subscription limit, by the id's name.
  private static void refuseSome(UploadId upload) {
    if (upload.value().startsWith("missing")) {
      throw new UploadNotFoundException(upload);
    }
    if (upload.value().startsWith("full")) {
      throw new SubscriptionLimitException(1);
    }
  }

  private static boolean isAction(ClientFrame frame, String action) {
    return frame.action().filter(action::equals).isPresent();
  }

  private static List<byte[]> fragments(byte[] input) {
    List<byte[]> fragments = new ArrayList<>();
    var current = new ByteArrayOutputStream();
    for (int i = 1; i < input.length; i++) {
      if (input[i] == FRAGMENT_BREAK) {
        fragments.add(current.toByteArray());
        current.reset();
      } else {
        current.write(input[i]);
        if (current.size() == MAX_MESSAGE_BYTES) {
          fragments.add(current.toByteArray());
          current.reset();
        }
      }
    }
    fragments.add(current.toByteArray());
    return fragments;
  }

  private static byte[] join(List<byte[]> fragments) {
    var joined = new ByteArrayOutputStream();
    fragments.forEach(joined::writeBytes);
    return joined.toByteArray();
  }

  private static Frame frame(byte opCode, byte[] payload, boolean fin) {
    return new Frame(opCode, fin, ByteBuffer.wrap(payload));
  }

  private static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** A client connection that keeps the frames the relay says to it. */
  private static final class RecordingClient implements ClientConnection {
    private final List<String> frames = new ArrayList<>();

    @Override
    public String connectionId() {
      return "fuzz";
    }

    @Override
    public void send(String frame) {
      frames.add(frame);
    }

    @Override
    public void answerSubscribe(
        UploadId upload, Optional<Position> since, Supplier<String> request) {
      frames.add(request.get());
    }

    @Override
    public void catchUp(Optional<Position> since, List<UploadId> followedNewestFirst) {
      send("{\"action\":\"caught_up\"}");
    }

    @Override
    public void close() {}
  }
}
