package io.progressrelay.bootstrap;

import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.bootstrap.backends.Backends;
import io.progressrelay.bootstrap.backends.EventBus;
import io.progressrelay.bootstrap.backends.PostgresRedisBackends;
import io.progressrelay.bootstrap.backends.Storage;
import io.progressrelay.bootstrap.config.AppConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The relay's real PostgreSQL and Redis backends, with every call the relay makes on its upload,
 * grant, subscription and audience repositories recorded as {@code Port.method}: what a scenario
 * asks of PostgreSQL, counted where it is asked (each such call is one query, or one transaction
 * for a subscription's insert). Delivery history is not recorded.
 */
final class StorageCalls implements Backends {
  private final PostgresRedisBackends real = new PostgresRedisBackends();
  private final Queue<String> calls = new ConcurrentLinkedQueue<>();

  @Override
  public String instanceId() {
    return real.instanceId();
  }

  @Override
  public Storage openStorage(AppConfig config) {
    Storage storage = real.openStorage(config);
    return new Storage(
        recorded(UploadRepository.class, storage.uploads()),
        recorded(GrantRepository.class, storage.grants()),
        recorded(SubscriptionRepository.class, storage.subscriptions()),
        recorded(SubscriberDirectory.class, storage.subscribers()),
        storage.historyStore(),
        storage.historyQueries(),
        storage.streamCheckpoints(),
        storage.readinessChecks(),
        storage);
  }

  @Override
  public EventBus openEventBus(AppConfig config, Storage storage) {
    return real.openEventBus(config, storage);
  }

  /** Forgets the calls recorded so far. */
  void reset() {
    calls.clear();
  }

  /**
   * The calls since the last reset, in order, without the periodic write-back of uploads' latest
   * events, which runs in the background whatever a client does.
   */
  List<String> made() {
    return calls.stream()
        .filter(call -> !call.equals("UploadRepository.saveLatestEvents"))
        .toList();
  }

  private <T> T recorded(Class<T> port, T target) {
    Object proxy =
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (self, method, arguments) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, arguments);
              }
              calls.add(port.getSimpleName() + "." + method.getName());
              try {
                return method.invoke(target, arguments);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return port.cast(proxy);
  }
}
