package io.progressrelay.bootstrap;

import io.progressrelay.adapter.in.web.socket.TestSocket;

/**
 * The revoked user's socket on the second instance of the revocation tests: each round publishes a
 * {@code "before"} event, revokes, then an {@code "after"} event and a sentinel read on the same
 * connection after it; a round leaked when its {@code "after"} event arrived before the sentinel.
 */
final class RevokedUsersSocket implements AutoCloseable {
  private final TestSocket socket;

  RevokedUsersSocket(TestSocket socket) {
    this.socket = socket;
  }

  /** Reads until the round {@code id}'s frame with {@code step} in it. */
  void readUntil(String id, String step) {
    String frame = socket.nextFrame();
    while (!(frame.contains(step) && frame.contains("\"" + id + "\""))) {
      frame = socket.nextFrame();
    }
  }

  /** Reads until the round's sentinel; true when its {@code "after"} event came first. */
  boolean leakedBeforeSentinel(String id) {
    boolean leaked = false;
    String frame = socket.nextFrame();
    while (!(frame.contains("sentinel") && frame.contains("\"" + id + "\""))) {
      if (frame.contains("\"after\"") && frame.contains("\"" + id + "\"")) {
        leaked = true;
      }
      frame = socket.nextFrame();
    }
    return leaked;
  }

  @Override
  public void close() {
    socket.close();
  }
}
