package io.progressrelay.adapter.in.web;

import io.javalin.http.Context;
import io.progressrelay.domain.InvalidValueException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads optional query parameters; an empty value counts as absent, and a value that does not parse
 * is rejected naming the parameter.
 */
final class QueryParameters {
  private QueryParameters() {}

  static Optional<String> text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Parses with {@code parser}, whose {@link InvalidValueException} already names the field. */
  static <T> Optional<T> parsed(Context ctx, String name, Function<String, T> parser) {
    return text(ctx, name).map(parser);
  }

  static Optional<Instant> instant(Context ctx, String name) {
    return text(ctx, name)
        .map(
            value -> {
              try {
                return Instant.parse(value);
              } catch (DateTimeParseException e) {
                throw new InvalidValueException(
                    name, "'" + name + "' must be an ISO-8601 instant, e.g. 2030-01-01T12:00:00Z");
              }
            });
  }

  static int integer(Context ctx, String name, int absent, int min, int max) {
    Optional<String> value = text(ctx, name);
    if (value.isEmpty()) {
      return absent;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the one message that states the rule.
    }
    throw new InvalidValueException(
        name, "'" + name + "' must be an integer between " + min + " and " + max);
  }
}
