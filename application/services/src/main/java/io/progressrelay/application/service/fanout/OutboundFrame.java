package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.LatestEvent;
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
 */
final class OutboundFrame {
  private static final String CONTROL_ORDER = "control";

  private final TextFrame wire;
  private final int bytes;
  private final DeliveryPolicy policy;
  private final String coalesceKey;
  private final String orderKey;
  private final long receivedNanos;
  private final boolean timed;

  OutboundFrame(
      String text, int bytes, DeliveryPolicy policy, String coalesceKey, String orderKey) {
    this(new TextFrame(text), bytes, policy, coalesceKey, orderKey, 0, false);
  }

  private OutboundFrame(
      TextFrame wire,
      int bytes,
      DeliveryPolicy policy,
      String coalesceKey,
      String orderKey,
      long receivedNanos,
      boolean timed) {
    this.wire = wire;
    this.bytes = bytes;
    this.policy = policy;
    this.coalesceKey = coalesceKey;
    this.orderKey = orderKey;
    this.receivedNanos = receivedNanos;
    this.timed = timed;
  }

  String text() {
    return wire.text();
  }

  /** The text with its UTF-8 encoding, shared by every recipient. */
  TextFrame wire() {
    return wire;
  }

  int bytes() {
    return bytes;
  }

  DeliveryPolicy policy() {
    return policy;
  }

  String coalesceKey() {
    return coalesceKey;
  }

  String orderKey() {
    return orderKey;
  }

  long receivedNanos() {
    return receivedNanos;
  }

  boolean timed() {
    return timed;
  }

  static OutboundFrame ofEvent(ProgressEvent event, DeliveryPolicy policy) {
    return new OutboundFrame(
        new TextFrame(event.payload()),
        utf8Length(event.payload()),
        policy,
        event.coalesceKey(),
        event.channel().key(),
        event.receivedNanos(),
        true);
  }

  /**
   * The frame of an upload's latest event as storage kept it (without the channel name it was
   * published on), keyed like the upload's live frames so it coalesces and orders with them.
   */
  static OutboundFrame ofStoredLatest(
      UploadId uploadId, LatestEvent stored, DeliveryPolicy policy) {
    String channelKey = EventChannel.keyOf(uploadId);
    return new OutboundFrame(
        new TextFrame(stored.payload()),
        utf8Length(stored.payload()),
        policy,
        ProgressEvent.coalesceKey(channelKey, stored.action(), null, null),
        channelKey,
        System.nanoTime(),
        true);
  }

  /** The same frame sent again (the latest event to a new subscriber): its latency is not new. */
  OutboundFrame replay() {
    return timed
        ? new OutboundFrame(wire, bytes, policy, coalesceKey, orderKey, receivedNanos, false)
        : this;
  }

  /** A frame the relay itself says ({@code auth_success}, {@code ping}, ...): kept in order. */
  static OutboundFrame control(String text) {
    return new OutboundFrame(text, utf8Length(text), DeliveryPolicy.ORDERED, null, CONTROL_ORDER);
  }

  @Override
  public String toString() {
    return wire.text();
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
