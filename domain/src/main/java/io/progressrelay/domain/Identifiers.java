package io.progressrelay.domain;

import java.util.regex.Pattern;

/** The one rule every external identifier follows: 1 to 128 characters of [A-Za-z0-9_.:-]. */
public final class Identifiers {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private Identifiers() {}

  /** Returns {@code value} unchanged, or throws naming {@code field} when it breaks the rule. */
  public static String requireValid(String field, String value) {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new InvalidValueException(
          field, "'" + field + "' must be 1.." + MAX_LENGTH + " chars of [A-Za-z0-9_.:-]");
    }
    return value;
  }
}
