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

class TextMessagesTest {
  private final TextMessages messages = new TextMessages(16);

  @Test
  void aMessageInOneFrameIsDecodedWhole() {
    assertThat(messages.accept(text("{\"a\":1}", true))).isEqualTo("{\"a\":1}");
  }

  @Test
  void fragmentsAreJoinedAtTheLastOneEvenWhenACharacterIsSplitBetweenThem() {
    byte[] euro = "a€b".getBytes(StandardCharsets.UTF_8); // € is three bytes

    assertThat(messages.accept(frame(OpCode.TEXT, Arrays.copyOfRange(euro, 0, 2), false))).isNull();
    assertThat(messages.accept(frame(OpCode.CONTINUATION, Arrays.copyOfRange(euro, 2, 5), true)))
        .isEqualTo("a€b");
    assertThat(messages.accept(text("next", true))).isEqualTo("next");
  }

  @Test
  void fragmentsAboveTheLimitFailWith1009AndTheNextMessageStartsClean() {
    messages.accept(text("0123456789", false));

    assertThatThrownBy(() -> messages.accept(frame(OpCode.CONTINUATION, bytes("0123456"), true)))
        .isInstanceOf(MessageTooLargeException.class)
        .extracting(e -> ((CloseException) e).getStatusCode())
        .isEqualTo(CloseStatus.MESSAGE_TOO_LARGE);
    assertThat(messages.accept(text("ok", true))).isEqualTo("ok");
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
    assertThat(messages.accept(new Frame(OpCode.TEXT))).isEmpty();
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
