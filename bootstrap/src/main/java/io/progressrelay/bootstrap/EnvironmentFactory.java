package io.progressrelay.bootstrap;

import java.util.Map;
import picocli.CommandLine;

/** Hands each command the process environment, so tests can run commands with their own. */
final class EnvironmentFactory implements CommandLine.IFactory {
  private final Map<String, String> environment;

  EnvironmentFactory(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return type.getDeclaredConstructor(Map.class).newInstance(environment);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}
