package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.CloseException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;

class InboundMessagesTest {
  private final InboundMessages messages = new InboundMessages(16);

  @Test
  void aMessageInOneFrameIsDecodedWhole() {
    assertThat(messages.accept(text("{\"a\":1}", true)).text()).isEqualTo("{\"a\":1}");
  }

  @Test
  void fragmentsAreJoinedAtTheLastOneEvenWhenACharacterIsSplitBetweenThem() {
    byte[] euro = "a€b".getBytes(StandardCharsets.UTF_8); // € is three bytes

    assertThat(messages.accept(frame(OpCode.TEXT, Arrays.copyOfRange(euro, 0, 2), false))).isNull();
    assertThat(
            messages
                .accept(frame(OpCode.CONTINUATION, Arrays.copyOfRange(euro, 2, 5), true))
                .text())
        .isEqualTo("a€b");
    assertThat(messages.accept(text("next", true)).text()).isEqualTo("next");
  }

  @Test
  void fragmentsAboveTheLimitFailWith1009AndTheNextMessageStartsClean() {
    messages.accept(text("0123456789", false));

    assertThatThrownBy(() -> messages.accept(frame(OpCode.CONTINUATION, bytes("0123456"), true)))
        .isInstanceOf(MessageTooLargeException.class)
        .extracting(e -> ((CloseException) e).getStatusCode())
        .isEqualTo(CloseStatus.MESSAGE_TOO_LARGE);
    assertThat(messages.accept(text("ok", true)).text()).isEqualTo("ok");
  }

  @Test
  void emptyFragmentsAddNothingAndJoinToTheEmptyString() {
    assertThat(messages.accept(text("", false))).isNull();
    assertThat(messages.accept(frame(OpCode.CONTINUATION, new byte[0], false))).isNull();

    assertThat(messages.accept(frame(OpCode.CONTINUATION, new byte[0], true)).text()).isEmpty();
  }

  @Test
  void aBinaryMessageInFragmentsIsMeasuredAndReportedWithoutText() {
    assertThat(messages.accept(frame(OpCode.BINARY, new byte[8], false))).isNull();

    InboundMessages.Message message =
        messages.accept(frame(OpCode.CONTINUATION, new byte[8], true));

    assertThat(message.isText()).isFalse();
    assertThat(message.text()).isNull();
  }

  @Test
  void binaryFragmentsAboveTheLimitFailWith1009LikeText() {
    messages.accept(frame(OpCode.BINARY, new byte[10], false));

    assertThatThrownBy(() -> messages.accept(frame(OpCode.CONTINUATION, new byte[7], false)))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("binary")
        .extracting(e -> ((CloseException) e).getStatusCode())
        .isEqualTo(CloseStatus.MESSAGE_TOO_LARGE);
    assertThat(messages.accept(frame(OpCode.BINARY, new byte[16], true)).isText()).isFalse();
  }

  @Test
  void aTextMessageMayFollowABinaryOneInFragments() {
    messages.accept(frame(OpCode.BINARY, new byte[4], false));
    messages.accept(frame(OpCode.CONTINUATION, new byte[4], true));

    assertThat(messages.accept(text("{\"a\"", false))).isNull();
    assertThat(messages.accept(frame(OpCode.CONTINUATION, bytes(":1}"), true)).text())
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void invalidUtf8FailsWith1007() {
    byte[] invalid = {'{', (byte) 0xC3, (byte) 0x28, '}'};

    assertThatThrownBy(() -> messages.accept(frame(OpCode.TEXT, invalid, true)))
        .isInstanceOf(BadPayloadException.class)
        .extracting(e -> ((CloseException) e).getStatusCode())
        .isEqualTo(CloseStatus.BAD_PAYLOAD);
  }

  @Test
  void anEmptyMessageIsTheEmptyString() {
    assertThat(messages.accept(new Frame(OpCode.TEXT)).text()).isEmpty();
  }

  private static Frame text(String text, boolean fin) {
    return frame(OpCode.TEXT, bytes(text), fin);
  }

  private static Frame frame(byte opCode, byte[] payload, boolean fin) {
    return new Frame(opCode, fin, ByteBuffer.wrap(payload));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
