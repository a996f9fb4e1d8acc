package io.progressrelay.adapter.out.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * The credentials the relay sends with {@code AUTH}: an ACL user and its password, or the password
 * alone for the {@code default} user (or a server with only {@code requirepass}).
 */
public record RedisUser(Optional<String> username, String password) {

  public RedisUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    username.ifPresent(
        name -> {
          if (name.isBlank()) {
            throw new IllegalArgumentException("the Redis user name must not be blank");
          }
        });
  }

  /** The user name, or {@code default} when only a password is set. */
  public String describe() {
    return username.orElse("default");
  }

  @Override
  public String toString() {
    return "RedisUser[" + describe() + "]"; // never the password
  }
}
