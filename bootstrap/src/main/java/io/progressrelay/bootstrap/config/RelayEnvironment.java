package io.progressrelay.bootstrap.config;

/** Where the relay runs: development allows the built-in JWT secret, production refuses it. */
public enum RelayEnvironment {
  DEVELOPMENT,
  PRODUCTION
}
