package io.progressrelay.bootstrap.config;

/**
 * A configuration variable has a value the service cannot use; the start stops with exit code 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  public ConfigException(String variable, String message) {
    super(variable + ": " + message);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
