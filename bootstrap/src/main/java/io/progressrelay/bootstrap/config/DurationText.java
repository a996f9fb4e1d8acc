package io.progressrelay.bootstrap.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code
 * 7d}, or ISO-8601 such as {@code PT24H}.
 */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /** The duration written in {@code text}, or empty if it is not one. */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    }
    try {
      return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
