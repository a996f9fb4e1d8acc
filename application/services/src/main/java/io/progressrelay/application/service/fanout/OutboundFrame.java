package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.FrameFormat;
import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;

/**
 * A frame ready to go out, built once per event and shared by every recipient: its text, its size
 * on the wire, how queues treat it, and which frames it supersedes or must follow.
 *
 * @param coalesceKey frames with the same key replace each other under {@link
 *     DeliveryPolicy#LATEST}
 * @param orderKey frames with the same key are delivered in the order they were queued
 * @param receivedNanos when the event was received ({@link System#nanoTime()}), for the delivery
 *     latency; meaningful only when {@code timed}
 * @param timed whether writing this frame delivers a new event whose latency is measured (not a
 *     control frame, not a replay of the latest event to a new subscriber)
 *     <p>The frame is written in its recipient's {@link FrameFormat}, each encoding built once (see
 *     {@link FrameEncodings}).
 */
final class OutboundFrame {
  private static final String CONTROL_ORDER = "control";

  private final FrameEncodings encodings;
  private final int bytes;
  private final DeliveryPolicy policy;
  private final String coalesceKey;
  private final String orderKey;
  private final long receivedNanos;
  private final boolean timed;

  /** A frame with no position, as tests and the relay's own frames build it. */
  OutboundFrame(
      String text, int bytes, DeliveryPolicy policy, String coalesceKey, String orderKey) {
    this(FrameEncodings.control(text), bytes, policy, coalesceKey, orderKey, 0, false);
  }

  private OutboundFrame(
      FrameEncodings encodings,
      int bytes,
      DeliveryPolicy policy,
      String coalesceKey,
      String orderKey,
      long receivedNanos,
      boolean timed) {
    this.encodings = encodings;
    this.bytes = bytes;
    this.policy = policy;
    this.coalesceKey = coalesceKey;
    this.orderKey = orderKey;
    this.receivedNanos = receivedNanos;
    this.timed = timed;
  }

  String text() {
    return wire().text();
  }

  /** The frame as the old protocol writes it, with its UTF-8 encoding shared by every recipient. */
  TextFrame wire() {
    return encodings.in(FrameFormat.PAYLOAD, true);
  }

  /**
   * The frame as {@code format} writes it; {@code withId} false leaves a Server-Sent Event without
   * its id, so the client's resume point does not move.
   */
  TextFrame wire(FrameFormat format, boolean withId) {
    return encodings.in(format, withId);
  }

  /**
   * The event's position, or null for the relay's own frames and latest events read from storage.
   */
  Position position() {
    return encodings.position();
  }

  /** The payload's size; the other formats add an envelope of about a hundred bytes. */
  int bytes() {
    return bytes;
  }

  DeliveryPolicy policy() {
    return policy;
  }

  String coalesceKey() {
    return coalesceKey;
  }

  /** The key of the channel (or, for the relay's own frames, a common key) ordering this frame. */
  String orderKey() {
    return orderKey;
  }

  long receivedNanos() {
    return receivedNanos;
  }

  boolean timed() {
    return timed;
  }

  /** Whether this frame ends a catch-up: a Server-Sent Events client's ids resume after it. */
  boolean endsCatchUp() {
    return encodings.endsCatchUp();
  }

  /** Whether this is the relay's own frame rather than an event. */
  boolean isControl() {
    return CONTROL_ORDER.equals(orderKey);
  }

  static OutboundFrame ofEvent(ProgressEvent event, DeliveryPolicy policy) {
    return ofEvent(event, policy, null);
  }

  /**
   * The frame of {@code event}, at its position; {@code cursor} (may be null) is the earlier
   * position a client may resume from, when an older event still waits for its upload's audience.
   */
  static OutboundFrame ofEvent(ProgressEvent event, DeliveryPolicy policy, Position cursor) {
    return new OutboundFrame(
        FrameEncodings.event(
            event.payload(), event.channel().key(), event.position().orElse(null), cursor),
        utf8Length(event.payload()),
        policy,
        event.coalesceKey(),
        event.channel().key(),
        event.receivedNanos(),
        true);
  }

  /**
   * The frame of an upload's latest event as storage kept it (without the channel name it was
   * published on, nor its position), keyed like the upload's live frames so it coalesces and orders
   * with them.
   */
  static OutboundFrame ofStoredLatest(
      UploadId uploadId, LatestEvent stored, DeliveryPolicy policy) {
    String channelKey = EventChannel.keyOf(uploadId);
    return new OutboundFrame(
        FrameEncodings.event(stored.payload(), channelKey, null, null),
        utf8Length(stored.payload()),
        policy,
        ProgressEvent.coalesceKey(channelKey, stored.action(), null, null),
        channelKey,
        System.nanoTime(),
        true);
  }

  /**
   * The same frame sent again as its channel's latest state (to a new subscriber, in a catch-up):
   * its latency is not new, and a client of positions sees it marked {@code latest}.
   */
  OutboundFrame replay() {
    return new OutboundFrame(
        encodings.asLatest(), bytes, policy, coalesceKey, orderKey, receivedNanos, false);
  }

  /** The same event sent again to a client that missed it: as it was, but its latency not new. */
  OutboundFrame recovered() {
    return timed
        ? new OutboundFrame(encodings, bytes, policy, coalesceKey, orderKey, receivedNanos, false)
        : this;
  }

  /**
   * The frame that ends a connection's catch-up, telling a client of positions it may resume from
   * {@code cursor} (null: no event yet) from now on.
   */
  static OutboundFrame caughtUp(Position cursor) {
    String json =
        cursor == null
            ? "{\"action\":\"caught_up\"}"
            : "{\"action\":\"caught_up\",\"cursor\":\"" + cursor + "\"}";
    return new OutboundFrame(
        FrameEncodings.caughtUp(json, cursor),
        utf8Length(json),
        DeliveryPolicy.ORDERED,
        null,
        CONTROL_ORDER,
        0,
        false);
  }

  /** A client of positions may have missed events of {@code channelKey}, for {@code reason}. */
  static OutboundFrame gap(String channelKey, String reason) {
    return control(
        "{\"action\":\"gap\",\"channel\":\"" + channelKey + "\",\"reason\":\"" + reason + "\"}");
  }

  /** A frame the relay itself says ({@code auth_success}, {@code ping}, ...): kept in order. */
  static OutboundFrame control(String text) {
    return new OutboundFrame(
        FrameEncodings.control(text),
        utf8Length(text),
        DeliveryPolicy.ORDERED,
        null,
        CONTROL_ORDER,
        0,
        false);
  }

  @Override
  public String toString() {
    return text();
  }

  /** The UTF-8 length without encoding, so sizing a frame allocates nothing. */
  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
