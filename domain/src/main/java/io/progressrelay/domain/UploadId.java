package io.progressrelay.domain;

/** Identifies one upload, as the upload workers name it in {@code upload:{id}} channels. */
public record UploadId(String value) implements Comparable<UploadId> {
  public UploadId {
    Identifiers.requireValid("uploadId", value);
  }

  /** Parses {@code value}, naming {@code field} in the error when it is not a valid id. */
  public static UploadId parse(String field, String value) {
    return new UploadId(Identifiers.requireValid(field, value));
  }

  @Override
  public int compareTo(UploadId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
