package io.progressrelay.adapter.in.web;

/** The HTTP request itself is unacceptable (shape, size, media type), before any use case runs. */
final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  private RequestRejectedException(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static RequestRejectedException invalidJson(String field, String message) {
    return new RequestRejectedException(400, "invalid_json", message, field);
  }

  static RequestRejectedException payloadTooLarge(long maxBytes) {
    return new RequestRejectedException(
        413, "payload_too_large", "the request body exceeds " + maxBytes + " bytes", null);
  }

  /** An event over the event size limit; {@code field} names it in a batch, null otherwise. */
  static RequestRejectedException eventTooLarge(String field, String message) {
    return new RequestRejectedException(413, "payload_too_large", message, field);
  }

  static RequestRejectedException tooManyEvents(int maxEvents) {
    return new RequestRejectedException(
        413, "too_many_entries", "a request publishes at most " + maxEvents + " events", "events");
  }

  static RequestRejectedException tooManyEntries(int maxEntries) {
    return new RequestRejectedException(
        413, "too_many_entries", "a bulk request takes at most " + maxEntries + " entries", null);
  }

  static RequestRejectedException unsupportedMediaType() {
    return new RequestRejectedException(
        415,
        "unsupported_media_type",
        "the request body must be sent as 'Content-Type: application/json'",
        null);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The offending field, or null when the request as a whole is at fault. */
  String field() {
    return field;
  }
}
