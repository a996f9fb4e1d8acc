package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.adapter.in.web.auth.BearerTokens;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Reads what an event-stream request carries: its token, its resume position, what it accepts. */
final class StreamRequests {
  /** The header EventSource sends on reconnecting: the id of the last message it received. */
  static final String LAST_EVENT_ID = "Last-Event-ID";

  private StreamRequests() {}

  /**
   * The bearer token of the {@code Authorization} header, else of {@code ?token=} (EventSource
   * cannot set headers); empty when neither carries one.
   */
  static Optional<String> token(Request request) {
    return BearerTokens.fromAuthorizationHeader(request.getHeaders().get(HttpHeader.AUTHORIZATION))
        .or(() -> query(request, "token"));
  }

  /**
   * Where the client resumes: the {@code Last-Event-ID} header (the browser's own, newer than the
   * URL it keeps reconnecting to), else {@code ?since=}; empty when neither is given.
   */
  static Optional<Resume> since(Request request) {
    String header = request.getHeaders().get(LAST_EVENT_ID);
    if (header != null && !header.isBlank()) {
      return Optional.of(new Resume(LAST_EVENT_ID, header.strip()));
    }
    return query(request, "since").map(value -> new Resume("since", value));
  }

  /**
   * Whether a request with these {@code Accept} values takes {@code text/event-stream}: without the
   * header it does (curl), otherwise one of its ranges must cover the type with a quality above 0.
   */
  static boolean acceptsEventStream(List<String> acceptValues) {
    if (acceptValues.isEmpty()) {
      return true;
    }
    for (String value : acceptValues) {
      for (String range : value.split(",")) {
        if (coversEventStream(range)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A resume position as the client sent it, and the header or parameter it came in. */
  record Resume(String field, String value) {}

  private static boolean coversEventStream(String range) {
    String[] parts = range.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("text/event-stream") && !type.equals("text/*") && !type.equals("*/*")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2)) > 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return true;
  }

  private static Optional<String> query(Request request, String name) {
    Fields parameters = Request.extractQueryParameters(request);
    List<String> values = parameters.getValues(name);
    if (values == null) {
      return Optional.empty();
    }
    return values.stream().filter(value -> !value.isBlank()).findFirst();
  }
}
