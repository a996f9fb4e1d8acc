package io.progressrelay.application.port.in.relay;

/** Applies an audience change made on this or another instance to this instance's routing. */
public interface ApplyAudienceChangeUseCase {
  void apply(AudienceChange change);
}
