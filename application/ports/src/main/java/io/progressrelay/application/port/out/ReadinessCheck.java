package io.progressrelay.application.port.out;

/** One dependency the service needs before it can take traffic, as {@code /readyz} reports it. */
public interface ReadinessCheck {
  /** The outcome of one check: whether it passed, and a short human-readable detail. */
  record Result(String name, boolean ready, String detail) {}

  String name();

  /** Runs the check; never throws, a failure is a result with {@code ready == false}. */
  Result check();
}
