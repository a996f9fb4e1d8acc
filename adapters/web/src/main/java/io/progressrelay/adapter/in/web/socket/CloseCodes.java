package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.out.DisconnectReason;
import java.nio.charset.StandardCharsets;

/** The WebSocket close codes the endpoint uses, and the rule that keeps close reasons short. */
public final class CloseCodes {
  /** Silent for longer than the idle timeout. */
  public static final int IDLE_TIMEOUT = 1001;

  /** Over the inbound rate limit, or over the user's connection limit. */
  public static final int POLICY_VIOLATION = 1008;

  /** An inbound message larger than the limit (sent by Jetty itself). */
  public static final int MESSAGE_TOO_LARGE = 1009;

  /** The server is stopping; reconnect shortly. */
  public static final int SERVICE_RESTART = 1012;

  /** No auth frame arrived in time. */
  public static final int AUTH_TIMEOUT = 4001;

  /** The auth frame carried no token. */
  public static final int TOKEN_MISSING = 4002;

  /** The token is invalid or has expired, at authentication or later on a live socket. */
  public static final int TOKEN_REJECTED = 4003;

  /** The first frame was not JSON or not an auth frame. */
  public static final int AUTH_FRAME_EXPECTED = 4004;

  /** The client read too slowly: a frame did not fit its queue. Reconnect to catch up. */
  public static final int SLOW_CONSUMER = 4008;

  // RFC 6455 5.5: a control frame payload is at most 125 bytes, two of which hold the code.
  private static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /** The close reason a client reads when the fan-out engine ended its socket. */
  public static String reasonFor(DisconnectReason reason) {
    return switch (reason) {
      case SLOW_CONSUMER -> "slow consumer: reconnect";
    };
  }

  /** {@code reason} cut to what fits in a close frame, never splitting a character. */
  static String fitReason(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return reason;
    }
    StringBuilder fitted = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int codePoint = reason.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_REASON_BYTES) {
        break;
      }
      fitted.appendCodePoint(codePoint);
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return fitted.toString();
  }
}
