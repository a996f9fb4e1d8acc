package io.progressrelay.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.ProgressEvent;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reaches the package-private production classes of the hot path (the Redis message handler and
 * parser, the client connection and its frames) without copying them: set-up goes through
 * reflection, and measured calls through constant method handles, which the JIT inlines like direct
 * calls. Works because the benchmark jar runs everything on the class path.
 */
final class Internals {
  private static final String FANOUT = "io.progressrelay.application.service.fanout.";
  private static final String REDIS = "io.progressrelay.adapter.out.redis.";

  private static final Class<?> CONNECTION = type(FANOUT + "QueuedClientConnection");
  private static final Class<?> FRAME = type(FANOUT + "OutboundFrame");
  private static final Class<?> HANDLER = type(REDIS + "PubSubMessageHandler");
  private static final Class<?> PARSER = type(REDIS + "ProgressMessageParser");

  /** {@code PubSubMessageHandler.handle(byte[] channel, byte[] message)}. */
  private static final MethodHandle HANDLE =
      handle(HANDLER, "handle", byte[].class, byte[].class)
          .asType(MethodType.methodType(void.class, Object.class, byte[].class, byte[].class));

  /** {@code ProgressMessageParser.parse(byte[] message)}, answering its {@code EventFields}. */
  private static final MethodHandle PARSE =
      handle(PARSER, "parse", byte[].class)
          .asType(MethodType.methodType(Object.class, Object.class, byte[].class));

  /** {@code OutboundFrame.ofEvent(ProgressEvent event, DeliveryPolicy policy)}. */
  private static final MethodHandle FRAME_OF =
      handle(FRAME, "ofEvent", ProgressEvent.class, DeliveryPolicy.class)
          .asType(MethodType.methodType(Object.class, ProgressEvent.class, DeliveryPolicy.class));

  /** {@code QueuedClientConnection.offer(OutboundFrame frame)}, answering an {@code Offer}. */
  private static final MethodHandle OFFER =
      handle(CONNECTION, "offer", FRAME)
          .asType(MethodType.methodType(Object.class, Object.class, Object.class));

  private Internals() {}

  /** A message handler wired as {@code RedisProgressListener.start} wires it. */
  static Object messageHandler(RelayEventUseCase events, ApplyAudienceChangeUseCase changes) {
    Object counters = construct(type(REDIS + "ListenerCounters"));
    return construct(
        HANDLER, RedisListenerSettings.defaults(), RedisNodeId.random(), events, changes, counters);
  }

  static void handle(Object handler, byte[] channel, byte[] message) {
    try {
      HANDLE.invokeExact(handler, channel, message);
    } catch (Throwable e) {
      throw failed(e);
    }
  }

  /** The parser the handler uses, over the same kind of {@link JsonFactory}. */
  static Object parser() {
    return construct(PARSER, new JsonFactory());
  }

  static Object parse(Object parser, byte[] message) {
    try {
      return PARSE.invokeExact(parser, message);
    } catch (Throwable e) {
      throw failed(e);
    }
  }

  /**
   * A connection with the engine's default queue limits and no rate limit, as {@code
   * FanOutEngine.connect} builds one, on a delivery thread of its own, already started (its
   * greeting handed to the socket).
   */
  static Object startedConnection(ClientSocket socket, String greeting) {
    var defaults = FanOutSettings.DEFAULT;
    Object limits =
        construct(
            type(FANOUT + "QueueLimits"), defaults.maxQueuedFrames(), defaults.maxQueuedBytes());
    Object counters = construct(type(FANOUT + "DeliveryCounters"));
    Object writer = construct(type(FANOUT + "DeliveryWriter"), "bench-delivery", counters);
    invoke(writer, "start");
    Consumer<Object> onClosed = connection -> {};
    Object connection =
        construct(
            CONNECTION,
            socket,
            writer,
            limits,
            onClosed,
            greeting,
            Duration.ZERO,
            null,
            Instant.now(),
            counters,
            ClientCapabilities.LATEST_ON_SUBSCRIBE);
    invoke(connection, "start");
    return connection;
  }

  /** The frame the engine builds once per event and shares between recipients. */
  static Object frameOf(ProgressEvent event) {
    return frameOf(event, FanOutSettings.DEFAULT.policies().forKind(event.kind()));
  }

  static Object frameOf(ProgressEvent event, DeliveryPolicy policy) {
    try {
      return FRAME_OF.invokeExact(event, policy);
    } catch (Throwable e) {
      throw failed(e);
    }
  }

  /** Queues {@code frame} on {@code connection}; answers the {@code Offer} outcome. */
  static Object offer(Object connection, Object frame) {
    try {
      return OFFER.invokeExact(connection, frame);
    } catch (Throwable e) {
      throw failed(e);
    }
  }

  static boolean isClosed(Object connection) {
    return (Boolean) invoke(connection, "isClosed");
  }

  static ConnectionSnapshot snapshot(Object connection) {
    return (ConnectionSnapshot) invoke(connection, "snapshot");
  }

  private static Class<?> type(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the production class moved: " + name, e);
    }
  }

  private static MethodHandle handle(Class<?> owner, String name, Class<?>... parameters) {
    try {
      return MethodHandles.lookup().unreflect(opened(owner.getDeclaredMethod(name, parameters)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the production method changed: " + name, e);
    }
  }

  private static Object construct(Class<?> owner, Object... arguments) {
    for (Constructor<?> constructor : owner.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == arguments.length) {
        try {
          return opened(constructor).newInstance(arguments);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot build " + owner.getSimpleName(), e);
        }
      }
    }
    throw new IllegalStateException("no constructor of " + owner.getSimpleName() + " fits");
  }

  private static Object invoke(Object target, String name) {
    for (Method method : target.getClass().getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == 0) {
        try {
          return opened(method).invoke(target);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot call " + name, e);
        }
      }
    }
    throw new IllegalStateException("no method " + name + " on " + target.getClass());
  }

  private static <T extends AccessibleObject> T opened(T member) {
    member.setAccessible(true);
    return member;
  }

  private static RuntimeException failed(Throwable e) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(e);
  }
}
