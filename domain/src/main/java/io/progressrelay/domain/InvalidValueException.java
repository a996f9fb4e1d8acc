package io.progressrelay.domain;

/** A value rejected where it enters the system; {@link #field()} names the offending input. */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidValueException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The name of the input field that was rejected, as the caller spelled it. */
  public String field() {
    return field;
  }
}
