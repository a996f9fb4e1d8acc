package io.progressrelay.application.service.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.history.DeliveriesRequest;
import io.progressrelay.application.port.in.history.DeliveryCursorCodec;
import io.progressrelay.application.port.in.history.DeliveryStatsRequest;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.history.DeliveryCursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DeliveriesRequestTest {
  private static final Instant AT = Instant.parse("2030-01-01T12:00:00.123456789Z");

  @Test
  void aCursorSurvivesTheRoundTripToNanoseconds() {
    var cursor = new DeliveryCursor(AT, "relay-1:a|b", "alice");
    var noRecipient = new DeliveryCursor(AT, "relay-1:7", "");

    assertThat(DeliveryCursorCodec.decode(DeliveryCursorCodec.encode(cursor))).isEqualTo(cursor);
    assertThat(DeliveryCursorCodec.decode(DeliveryCursorCodec.encode(noRecipient)))
        .isEqualTo(noRecipient);
  }

  @Test
  void aCursorThisApiDidNotIssueIsRejectedNamingCursor() {
    for (String bad :
        new String[] {
          "",
          "!!!",
          base64("nope"),
          base64("12|e-1"),
          base64("x|e-1|alice"),
          base64("12||alice"),
          base64("12|e-1|not a user")
        }) {
      assertRejected(() -> DeliveryCursorCodec.decode(bad), "cursor");
    }
  }

  @Test
  void limitMustBeBetweenOneAndOneThousand() {
    assertRejected(() -> request(0, Optional.empty(), Optional.empty()), "limit");
    assertRejected(() -> request(1001, Optional.empty(), Optional.empty()), "limit");
    assertThat(request(1000, Optional.empty(), Optional.empty()).limit()).isEqualTo(1000);
    assertThat(DeliveriesRequest.newest().limit()).isEqualTo(100);
  }

  @Test
  void untilMustBeLaterThanSince() {
    assertRejected(() -> request(10, Optional.of(AT), Optional.of(AT)), "until");
    assertRejected(
        () -> new DeliveryStatsRequest(Optional.of(AT), Optional.of(AT), Optional.empty()),
        "until");
  }

  @Test
  void anActionLongerThanAnIdIsRejected() {
    assertRejected(
        () ->
            new DeliveriesRequest(
                Optional.empty(),
                Optional.empty(),
                Optional.of("a".repeat(129)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                10,
                Optional.empty()),
        "action");
  }

  private static DeliveriesRequest request(
      int limit, Optional<Instant> since, Optional<Instant> until) {
    return new DeliveriesRequest(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        since,
        until,
        limit,
        Optional.empty());
  }

  private static void assertRejected(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static String base64(String plain) {
    return Base64.getUrlEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }
}
