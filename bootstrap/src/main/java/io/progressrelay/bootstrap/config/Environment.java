package io.progressrelay.bootstrap.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Typed, validated reads of {@code RELAY_*} variables; every failure names the variable. */
final class Environment {
  private final Map<String, String> values;

  Environment(Map<String, String> values) {
    this.values = values;
  }

  Optional<String> optional(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String string(String name, String fallback) {
    String value = values.get(name);
    return value == null ? fallback : value;
  }

  int integer(String name, int fallback, int min, int max) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the explanation below
    }
    throw new ConfigException(
        name, "expected a whole number from " + min + " to " + max + ", got '" + text.get() + "'");
  }

  Duration duration(String name, Duration fallback) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    return DurationText.parse(text.get())
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () ->
                new ConfigException(
                    name,
                    "expected a positive duration such as 500ms, 30s, 5m, 24h, 7d or PT24H, got '"
                        + text.get()
                        + "'"));
  }

  /** A positive duration, or zero when unset, {@code 0} or {@code off}. */
  Duration durationOrOff(String name) {
    Optional<String> text = optional(name);
    if (text.isEmpty() || text.get().equals("0") || text.get().equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    return duration(name, Duration.ZERO);
  }

  /** {@code true} or {@code false}, in any case. */
  boolean flag(String name, boolean fallback) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    if (text.get().equalsIgnoreCase("true")) {
      return true;
    }
    if (text.get().equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(name, "expected true or false, got '" + text.get() + "'");
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.get())) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : " or ").append(constant.name().toLowerCase());
    }
    throw new ConfigException(name, "expected " + allowed + ", got '" + text.get() + "'");
  }

  URI uri(String name, String fallback, String... schemes) {
    String text = optional(name).orElse(fallback);
    try {
      URI uri = new URI(text);
      for (String scheme : schemes) {
        if (scheme.equals(uri.getScheme()) && uri.getHost() != null) {
          return uri;
        }
      }
    } catch (URISyntaxException e) {
      // falls through to the explanation below
    }
    throw new ConfigException(name, "expected a URL such as " + fallback + ", got '" + text + "'");
  }

  String jdbcUrl(String name, String fallback) {
    String text = optional(name).orElse(fallback);
    if (!text.startsWith("jdbc:postgresql://")) {
      throw new ConfigException(
          name, "expected a PostgreSQL JDBC URL such as " + fallback + ", got '" + text + "'");
    }
    return text;
  }

  Optional<Path> readableFile(String name) {
    return readableFile(name, "PEM or JWKS file");
  }

  /** The path in {@code name}, which must be a readable regular file holding {@code what}. */
  Optional<Path> readableFile(String name, String what) {
    return optional(name)
        .map(
            text -> {
              Path path = Path.of(text);
              if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(
                    name, "expected a readable " + what + ", but '" + text + "' is not one");
              }
              return path;
            });
  }

  /** A comma-separated list, trimmed, without empty items; empty when unset. */
  Set<String> list(String name) {
    return optional(name)
        .map(
            text ->
                Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }
}
