package io.progressrelay.adapter.in.web;

/**
 * The MDC keys the web adapter sets while it works for a request or a connection, named as the
 * admin API names the ids, so a JSON log line ({@code RELAY_LOG_FORMAT=json}) can be matched to it.
 */
public final class LogContext {
  /** The id of the HTTP request being handled: its {@code X-Request-Id}, or one made up for it. */
  public static final String REQUEST_ID = "requestId";

  /** The id of the socket or event stream, as {@code GET /api/admin/connections} shows it. */
  public static final String CONNECTION_ID = "connectionId";

  private LogContext() {}
}
