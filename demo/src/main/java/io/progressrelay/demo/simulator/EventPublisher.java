package io.progressrelay.demo.simulator;

/** Where the simulator publishes workers' events: Redis, or the relay's in-process event source. */
@FunctionalInterface
public interface EventPublisher {
  /**
   * Publishes one event.
   *
   * @throws RuntimeException when it could not be published; the simulator counts it and goes on
   */
  void publish(WorkerEvent event);
}
