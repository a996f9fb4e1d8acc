package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;

/**
 * One part of the server's surface (a REST resource, the WebSocket endpoint) that adds its routes
 * to the Javalin configuration before the server starts. Errors are mapped by the server, once.
 */
@FunctionalInterface
public interface WebComponent {
  void configure(JavalinConfig config);

  /**
   * Called once when the server begins to stop, before Jetty stops: a component that holds
   * long-lived connections (the WebSocket endpoint) closes them here. May block briefly; the
   * default does nothing.
   */
  default void beforeStop() {}
}
