package io.progressrelay.adapter.out.postgres;

/**
 * Turns an exception into one line for a log or a readiness detail: its message and its root
 * cause's.
 */
final class Failures {
  private Failures() {}

  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = messageOf(failure);
    if (root == failure || message.contains(messageOf(root))) {
      return message;
    }
    return message + " (cause: " + messageOf(root) + ")";
  }

  /** The first line only: some messages (Flyway's) add a multi-line report below it. */
  private static String messageOf(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      return failure.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message).strip();
  }
}
