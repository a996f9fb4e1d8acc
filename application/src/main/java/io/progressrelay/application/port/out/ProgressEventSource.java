package io.progressrelay.application.port.out;

/**
 * Where upload workers' progress events come from (Redis pub/sub in production). The source calls
 * the handler on its own thread and must never block on anything the handler's consumers hold.
 */
public interface ProgressEventSource extends AutoCloseable {
  /** Receives each raw event with the channel it was published on. */
  @FunctionalInterface
  interface Handler {
    void onEvent(String channel, String payload);
  }

  /** Starts listening; events flow to {@code handler} until {@link #close()}. */
  void start(Handler handler);

  /** True while the source is connected and subscribed. */
  boolean isConnected();

  @Override
  void close();
}
