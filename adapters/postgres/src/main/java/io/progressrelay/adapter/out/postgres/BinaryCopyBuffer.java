package io.progressrelay.adapter.out.postgres;

import java.util.Arrays;

/**
 * A growable big-endian byte array for COPY's binary format; unlike DataOutputStream, no lock and
 * no copy per field, and a length written before its value is known can be filled in afterwards.
 */
final class BinaryCopyBuffer {
  private byte[] buffer;
  private int length;

  BinaryCopyBuffer(int capacity) {
    buffer = new byte[capacity];
  }

  void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  void putShort(int value) {
    ensure(2);
    buffer[length++] = (byte) (value >>> 8);
    buffer[length++] = (byte) value;
  }

  void putInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
  }

  void putLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
  }

  /** Leaves room for an int to {@link #patchInt} later; returns where it goes. */
  int reserveInt() {
    int at = length;
    putInt(0);
    return at;
  }

  void patchInt(int at, int value) {
    for (int shift = 24, i = at; shift >= 0; shift -= 8, i++) {
      buffer[i] = (byte) (value >>> shift);
    }
  }

  int length() {
    return length;
  }

  /** The backing array; only its first {@link #length()} bytes are data. */
  byte[] array() {
    return buffer;
  }

  byte[] toArray() {
    return Arrays.copyOf(buffer, length);
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
