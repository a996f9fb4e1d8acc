package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.OpenConnections;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What every socket of the endpoint shares: settings, use cases (and what resuming sockets catch up
 * on), the one timer thread, the registry and the counters.
 */
record SocketServices(
    WebSocketSettings settings,
    V1SocketOptions v1Options,
    Authenticator authenticator,
    ConnectClientUseCase connect,
    SocketRequests requests,
    CatchUpPlanner catchUps,
    Clock clock,
    ScheduledExecutorService timer,
    OpenConnections<ClientSocketHandler> registry,
    SocketCounters counters,
    BooleanSupplier stopping) {}
