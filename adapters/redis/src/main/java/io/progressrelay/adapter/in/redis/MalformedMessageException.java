package io.progressrelay.adapter.in.redis;

/** A message that cannot be relayed; the reason is for a DEBUG log line, so it carries no trace. */
final class MalformedMessageException extends Exception {
  MalformedMessageException(String reason) {
    super(reason, null, false, false);
  }
}
