package io.progressrelay.demo.simulator;

/** The simulation cannot go on: the relay or Redis refused or could not be reached. */
public final class SimulationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SimulationException(String message) {
    super(message);
  }

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
