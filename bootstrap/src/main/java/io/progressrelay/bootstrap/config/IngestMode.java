package io.progressrelay.bootstrap.config;

/**
 * Where upload workers' events come from: Redis pub/sub ({@code PUBLISH}, the default, for existing
 * workers; what is published while no relay listens is lost) or a Redis stream ({@code XADD}, read
 * by every instance, resumed after restarts and outages).
 */
public enum IngestMode {
  PUBSUB,
  STREAMS
}
