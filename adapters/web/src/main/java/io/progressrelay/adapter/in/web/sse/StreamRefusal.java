package io.progressrelay.adapter.in.web.sse;

/** Why an event-stream request was answered with an error instead of a stream; counted each. */
enum StreamRefusal {
  /** 401: the token is missing, invalid or expired. */
  AUTH_FAILURE,
  /** 403: the page's origin is not in the allow-list. */
  ORIGIN,
  /** 406: the client does not accept {@code text/event-stream}. */
  NOT_ACCEPTABLE,
  /** 400: the resume position is not one the relay writes. */
  INVALID_POSITION,
  /** 429: the user already holds the most connections allowed. */
  CONNECTION_LIMIT,
  /** 503: the relay is stopping, or its storage is unavailable. */
  UNAVAILABLE
}
