package io.progressrelay.domain;

/** Identifies one user: the {@code sub} claim of their token and the id in {@code user:{id}}. */
public record UserId(String value) implements Comparable<UserId> {
  public UserId {
    Identifiers.requireValid("userId", value);
  }

  /** Parses {@code value}, naming {@code field} in the error when it is not a valid id. */
  public static UserId parse(String field, String value) {
    return new UserId(Identifiers.requireValid(field, value));
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
