package io.progressrelay.application.port.out.publish;

/**
 * An event a relay instance would drop: not one JSON object with a string {@code action}, not valid
 * UTF-8, or larger than the event limit ({@link #tooLarge()}). {@link #index()} is its place in the
 * request.
 */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final boolean tooLarge;

  public InvalidEventException(int index, boolean tooLarge, String reason) {
    super(reason, null, false, false);
    this.index = index;
    this.tooLarge = tooLarge;
  }

  public int index() {
    return index;
  }

  public boolean tooLarge() {
    return tooLarge;
  }
}
