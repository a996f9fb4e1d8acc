package io.progressrelay.bench.load;

import java.util.concurrent.CompletableFuture;

/** One browser as the benchmark plays it, over whichever wire protocol the server speaks. */
public interface LoadClient extends AutoCloseable {

  /** Completes once the server has answered the authentication with {@code auth_success}. */
  CompletableFuture<Void> authenticated();

  /** Asks to receive {@code uploadId}'s events. */
  void subscribe(String uploadId);

  /** Events received from now on count in {@code tally}. */
  void countInto(Tally tally);

  /**
   * Stops reading from the socket, as a stalled browser tab would; the server sees backpressure.
   */
  void stall();

  /** Reads again after {@link #stall()}: the frames that waited, then whatever comes. */
  default void resume() {}

  /** This end's TCP port, or -1 where it is not known. */
  default int localPort() {
    return -1;
  }

  /** Whether the server closed the connection (or it failed). */
  boolean closedByServer();

  /**
   * The close code the server sent, or -1 while open, when it sent none or the protocol has none.
   */
  default int closeCode() {
    return -1;
  }

  /** Completes when the server confirms a subscription; never, where its protocol has none. */
  default CompletableFuture<Void> subscriptionConfirmed() {
    return new CompletableFuture<>();
  }

  /** The last error frame the server sent this client, or null when it sent none. */
  default String lastError() {
    return null;
  }

  @Override
  void close();
}
