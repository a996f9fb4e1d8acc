package io.progressrelay.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextFrameTest {

  @Test
  void encodesItsTextOnceAndSharesTheBytesWithEveryRecipient() {
    var frame = new TextFrame("{\"message\":\"Caf\u00e9 \ud83d\ude00\"}");

    byte[] first = frame.utf8();

    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(frame.text());
    assertThat(frame.utf8()).isSameAs(first);
  }

  @Test
  void keepsOnlyItsBytesOnceEncodedAndStillAnswersWithItsText() {
    String text = "{\"message\":\"Caf\u00e9 \ud83d\ude00\"}";
    var frame = new TextFrame(text);

    frame.utf8();

    assertThat(frame.text()).isEqualTo(text).isNotSameAs(text);
    assertThat(frame).hasToString(text);
  }
}
