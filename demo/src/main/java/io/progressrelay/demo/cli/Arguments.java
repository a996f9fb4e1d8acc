package io.progressrelay.demo.cli;

import io.progressrelay.bootstrap.config.DurationText;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the simulator's command-line arguments, each failing with a message naming it. */
final class Arguments {
  static final double MAX_RATE = 10_000;
  private static final Duration MIN_STEP = Duration.ofMillis(10);
  private static final Duration MAX_STEP = Duration.ofMinutes(10);

  private Arguments() {}

  /** Uploads per second: above 0, at most {@value #MAX_RATE}. */
  static double rate(CommandSpec spec, String option, double value) {
    if (!(value > 0 && value <= MAX_RATE)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be a number of uploads per second above 0 and at most 10000, got "
              + value);
    }
    return value;
  }

  /** The time between two events of an upload: 10ms to 10m. */
  static Duration step(CommandSpec spec, String option, String text) {
    return DurationText.parse(text)
        .filter(d -> d.compareTo(MIN_STEP) >= 0 && d.compareTo(MAX_STEP) <= 0)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    option
                        + " must be a duration from 10ms to 10m such as 500ms or 2s, got '"
                        + text
                        + "'"));
  }

  /** A positive duration such as 30s, 5m or 1h. */
  static Duration positiveDuration(CommandSpec spec, String option, String text) {
    return DurationText.parse(text)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    option
                        + " must be a positive duration such as 30s, 5m or 1h, got '"
                        + text
                        + "'"));
  }

  /** A URL with one of {@code schemes} and a host, such as {@code example}. */
  static URI url(CommandSpec spec, String option, String text, String example, String... schemes) {
    try {
      URI uri = new URI(text.trim());
      if (uri.getHost() != null && Arrays.asList(schemes).contains(uri.getScheme())) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // explained below
    }
    throw new ParameterException(
        spec.commandLine(), option + " must be a URL such as " + example + ", got '" + text + "'");
  }
}
