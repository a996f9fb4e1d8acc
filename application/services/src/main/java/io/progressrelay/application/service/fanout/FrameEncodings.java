package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.FrameFormat;
import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.Position;
import java.nio.charset.StandardCharsets;

/**
 * The ways one frame is written, each built at most once and shared by every recipient that wants
 * it: the text as it is (the payload as published, or the relay's own JSON), the {@code
 * progress-relay.v3} envelope naming the event's channel and position, and the Server-Sent Events
 * message with and without its id. Only the text exists until a client of another format takes the
 * frame, so the old protocol's clients pay nothing for the others. Thread-safe: two delivery
 * threads may build the same encoding at once, and either result is the same.
 */
final class FrameEncodings {
  private final TextFrame text;
  // Null for the relay's own frames, which every format writes as they are.
  private final String channelKey;
  private final Position position;
  private final Position cursor;
  private final boolean latest;
  // For the relay's own frames: the Server-Sent Event id they carry, or null.
  private final Position controlId;
  private boolean endsCatchUp; // set before the encodings are shared
  private volatile TextFrame envelope;
  private volatile TextFrame sse;
  private volatile TextFrame sseWithoutId;

  private FrameEncodings(
      TextFrame text,
      String channelKey,
      Position position,
      Position cursor,
      boolean latest,
      Position controlId) {
    this.text = text;
    this.channelKey = channelKey;
    this.position = position;
    this.cursor = cursor;
    this.latest = latest;
    this.controlId = controlId;
  }

  /**
   * The relay's own frame ({@code subscribed}, {@code gap}, ...): the same JSON in every format.
   */
  static FrameEncodings control(String json) {
    return new FrameEncodings(new TextFrame(json), null, null, null, false, null);
  }

  /**
   * The {@code caught_up} frame, which ends a catch-up and moves a Server-Sent Events client's
   * resume point to {@code id} (null for none).
   */
  static FrameEncodings caughtUp(String json, Position id) {
    var encodings = new FrameEncodings(new TextFrame(json), null, null, null, false, id);
    encodings.endsCatchUp = true;
    return encodings;
  }

  /** Whether this is the frame that ends a catch-up. */
  boolean endsCatchUp() {
    return endsCatchUp;
  }

  /**
   * An event of channel {@code channelKey} at {@code position} (null when unknown, as for a latest
   * event read from storage); {@code cursor}, when not null, is the earlier position a client may
   * resume from after this frame.
   */
  static FrameEncodings event(
      String payload, String channelKey, Position position, Position cursor) {
    return new FrameEncodings(new TextFrame(payload), channelKey, position, cursor, false, null);
  }

  /** The same event replayed as its channel's latest state, not as a new event. */
  FrameEncodings asLatest() {
    return latest || channelKey == null
        ? this
        : new FrameEncodings(text, channelKey, position, null, true, null);
  }

  Position position() {
    return position;
  }

  /** The frame in {@code format}; {@code withId} only matters to Server-Sent Events. */
  TextFrame in(FrameFormat format, boolean withId) {
    return switch (format) {
      case PAYLOAD -> text;
      case ENVELOPE -> envelope();
      case SSE -> sseId(withId) != null ? sse() : sseWithoutId();
    };
  }

  private TextFrame envelope() {
    TextFrame built = envelope;
    if (built == null) {
      built = channelKey == null ? text : wrapped(envelopePrefix(), text.utf8(), CLOSE);
      envelope = built;
    }
    return built;
  }

  // The id a Server-Sent Event of this frame carries, or null: an event's resume cursor unless
  // the recipient's resume point must not move; the relay's own frame's id, if it has one.
  private Position sseId(boolean withId) {
    if (channelKey == null) {
      return controlId;
    }
    if (!withId || latest || position == null) {
      return null;
    }
    return cursor != null ? cursor : position;
  }

  private TextFrame sse() {
    TextFrame built = sse;
    if (built == null) {
      byte[] id = ("id: " + sseId(true) + "\ndata: ").getBytes(StandardCharsets.UTF_8);
      built = wrapped(id, envelope().utf8(), MESSAGE_END);
      sse = built;
    }
    return built;
  }

  private TextFrame sseWithoutId() {
    TextFrame built = sseWithoutId;
    if (built == null) {
      built = wrapped(DATA, envelope().utf8(), MESSAGE_END);
      sseWithoutId = built;
    }
    return built;
  }

  private static final byte[] CLOSE = {'}'};
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MESSAGE_END = {'\n', '\n'};

  // The bytes of a payload, or of its envelope, between a prefix and a suffix: copied, never
  // decoded and encoded again.
  private static TextFrame wrapped(byte[] prefix, byte[] body, byte[] suffix) {
    byte[] out = new byte[prefix.length + body.length + suffix.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    System.arraycopy(suffix, 0, out, prefix.length + body.length, suffix.length);
    return TextFrame.ofUtf8(out);
  }

  // Channel keys and positions are made of [A-Za-z0-9_.:-], so they need no JSON escaping; the
  // payload, a JSON object as published, follows as it is.
  private byte[] envelopePrefix() {
    StringBuilder out = new StringBuilder(channelKey.length() + 96);
    out.append("{\"action\":\"event\",\"channel\":\"").append(channelKey).append('"');
    if (position != null) {
      out.append(",\"position\":\"").append(position).append('"');
    }
    if (cursor != null) {
      out.append(",\"cursor\":\"").append(cursor).append('"');
    }
    if (latest) {
      out.append(",\"latest\":true");
    }
    return out.append(",\"data\":").toString().getBytes(StandardCharsets.UTF_8);
  }
}
