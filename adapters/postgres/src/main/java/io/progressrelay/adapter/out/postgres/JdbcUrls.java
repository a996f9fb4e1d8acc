package io.progressrelay.adapter.out.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and rewrites the database part of {@code jdbc:postgresql://hosts/database?options}. */
final class JdbcUrls {
  private static final Pattern SHAPE =
      Pattern.compile("(jdbc:postgresql://[^/?#]+)(?:/([^?#]*))?(\\?.*)?");

  private JdbcUrls() {}

  static boolean isSupported(String url) {
    return SHAPE.matcher(url).matches();
  }

  /** The database the URL names, or empty when it leaves the choice to the server. */
  static Optional<String> databaseName(String url) {
    String encoded = parse(url).group(2);
    if (encoded == null || encoded.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
  }

  /** The same server and options, but the database {@code database}. */
  static String withDatabase(String url, String database) {
    Matcher matcher = parse(url);
    String options = matcher.group(3) == null ? "" : matcher.group(3);
    return matcher.group(1) + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + options;
  }

  /** Hosts and database without the options, which may carry a password: safe to log. */
  static String describe(String url) {
    Matcher matcher = parse(url);
    String hosts = matcher.group(1).substring("jdbc:postgresql://".length());
    return hosts + "/" + (matcher.group(2) == null ? "" : matcher.group(2));
  }

  private static Matcher parse(String url) {
    Matcher matcher = SHAPE.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host/database URL");
    }
    return matcher;
  }
}
