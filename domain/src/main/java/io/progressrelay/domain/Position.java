package io.progressrelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an event stands in the sequence of events a relay received from one source, which clients
 * echo back to resume: an epoch naming the sequence and a number within it. In pub/sub mode the
 * relay numbers the events of one run ({@code "k3x9q2ab:1042"}, valid on that instance only); in
 * streams mode the position is the Redis stream entry id ({@code "1733560000000-5"}, the epoch is
 * the stream and every instance reading it agrees). Positions of one epoch are totally ordered;
 * those of different epochs are not comparable.
 *
 * @param epoch the sequence: a token chosen at start in pub/sub mode, empty for the stream
 * @param major the event number (pub/sub) or the entry id's milliseconds (streams)
 * @param minor 0 (pub/sub) or the entry id's sequence number (streams)
 */
public record Position(String epoch, long major, long minor) implements Comparable<Position> {
  /** The epoch of positions that are stream entry ids. */
  public static final String STREAM_EPOCH = "";

  public Position {
    Objects.requireNonNull(epoch, "epoch");
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("a position is not negative");
    }
    if (!epoch.isEmpty() && (epoch.length() > 32 || !epoch.chars().allMatch(Position::epochChar))) {
      throw new IllegalArgumentException("an epoch is 1..32 letters or digits");
    }
  }

  /** A position the relay numbered itself, in pub/sub mode. */
  public static Position numbered(String epoch, long number) {
    if (epoch.isEmpty()) {
      throw new IllegalArgumentException("a numbered position needs an epoch");
    }
    return new Position(epoch, number, 0);
  }

  /** A Redis stream entry id. */
  public static Position streamEntry(long millis, long sequence) {
    return new Position(STREAM_EPOCH, millis, sequence);
  }

  /**
   * Reads a position as {@link #toString()} writes it; empty for anything else (clients send these
   * back, so a malformed one is a client error, not a failure).
   */
  public static Optional<Position> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 72) {
      return Optional.empty();
    }
    try {
      int colon = text.indexOf(':');
      if (colon >= 0) {
        String epoch = text.substring(0, colon);
        if (epoch.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(numbered(epoch, unsigned(text.substring(colon + 1))));
      }
      int dash = text.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      return Optional.of(
          streamEntry(unsigned(text.substring(0, dash)), unsigned(text.substring(dash + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether this position is a stream entry id. */
  public boolean isStreamEntry() {
    return epoch.isEmpty();
  }

  /** Whether the two positions belong to the same sequence and so can be compared. */
  public boolean sameEpoch(Position other) {
    return epoch.equals(other.epoch);
  }

  /**
   * Orders positions of one epoch.
   *
   * @throws IllegalArgumentException for positions of different epochs
   */
  @Override
  public int compareTo(Position other) {
    if (!sameEpoch(other)) {
      throw new IllegalArgumentException("positions of different epochs are not comparable");
    }
    int byMajor = Long.compare(major, other.major);
    return byMajor != 0 ? byMajor : Long.compare(minor, other.minor);
  }

  /** Whether this position comes after {@code other}, of the same epoch. */
  public boolean isAfter(Position other) {
    return compareTo(other) > 0;
  }

  /**
   * The greatest position of the epoch before this one, so that "everything after it" includes this
   * position; a first position stays as it is.
   */
  public Position justBefore() {
    if (epoch.isEmpty()) {
      if (minor > 0) {
        return new Position(epoch, major, minor - 1);
      }
      return major == 0 ? this : new Position(epoch, major - 1, Long.MAX_VALUE);
    }
    return major == 0 ? this : new Position(epoch, major - 1, 0);
  }

  @Override
  public String toString() {
    return epoch.isEmpty() ? major + "-" + minor : epoch + ":" + major;
  }

  private static long unsigned(String digits) {
    if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a number");
    }
    return Long.parseLong(digits);
  }

  private static boolean epochChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
