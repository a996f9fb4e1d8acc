package io.progressrelay.demo;

import io.progressrelay.application.port.out.ReadinessCheck;

/** A readiness check that always passes and only tells operators something, such as a mode. */
record ReadinessNote(String name, String detail) implements ReadinessCheck {
  @Override
  public Result check() {
    return new Result(name, true, detail);
  }
}
