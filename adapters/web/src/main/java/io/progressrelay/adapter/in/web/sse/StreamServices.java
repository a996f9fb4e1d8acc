package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.OpenConnections;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What every stream of the endpoint shares: the socket settings that apply to streams too (ping
 * interval, origins, close grace), use cases, the one timer thread, the registry and the counters.
 */
record StreamServices(
    WebSocketSettings settings,
    Authenticator authenticator,
    ConnectClientUseCase connect,
    CatchUpPlanner catchUps,
    Clock clock,
    ScheduledExecutorService timer,
    OpenConnections<EventStream> registry,
    StreamCounters counters,
    BooleanSupplier stopping) {}
