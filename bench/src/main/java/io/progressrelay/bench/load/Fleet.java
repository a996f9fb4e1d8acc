package io.progressrelay.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/** Many authenticated clients of one server, opened a few hundred at a time. */
public final class Fleet implements AutoCloseable {
  private static final int IN_FLIGHT = 200;
  private static final WebSocketCoreClient WEB_SOCKETS = webSockets();
  private static final OkHttpClient OK_HTTP = okHttp();

  private final List<LoadClient> clients; // replaced in place by the one thread that drives them

  private Fleet(List<LoadClient> clients) {
    this.clients = clients;
  }

  /** Opens one client per user in {@code users} and waits until each is authenticated. */
  public static Fleet open(Server server, Tokens tokens, String[] users) throws Exception {
    var permits = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<LoadClient>> opening = new ArrayList<>();
    for (int i = 0; i < users.length; i++) {
      permits.acquire();
      CompletableFuture<LoadClient> client = connect(server, tokens.user(users[i]), i);
      opening.add(client);
      client
          .thenCompose(LoadClient::authenticated)
          .whenComplete((ok, failure) -> permits.release());
    }
    List<LoadClient> clients = new ArrayList<>();
    for (int i = 0; i < opening.size(); i++) {
      clients.add(opened(opening.get(i), server, tokens.user(users[i]), i));
    }
    return new Fleet(clients);
  }

  // A connect that failed is tried once more: on a busy 2-core machine one upgrade in thousands
  // can be cut, and a single one would otherwise end the whole scenario.
  private static LoadClient opened(
      CompletableFuture<LoadClient> client, Server server, String token, int index)
      throws Exception {
    try {
      LoadClient open = client.get(60, TimeUnit.SECONDS);
      open.authenticated().get(60, TimeUnit.SECONDS);
      return open;
    } catch (ExecutionException first) {
      LoadClient open = connect(server, token, index).get(60, TimeUnit.SECONDS);
      open.authenticated().get(60, TimeUnit.SECONDS);
      return open;
    }
  }

  /** Connects without waiting for authentication. */
  public static CompletableFuture<LoadClient> connect(Server server, String token, int index) {
    return switch (server.spec().protocol()) {
      case SOCKET_IO -> SocketIoLoadClient.open(OK_HTTP, server.socketUri(), token);
      case SSE -> SseLoadClient.open(Http.STREAMS, Http.REST, server.socketUri(), token);
      case WEBSOCKET -> WebSocketLoadClient.open(WEB_SOCKETS, server.socketUri(), token);
    };
  }

  /** The client at {@code index}. */
  public LoadClient get(int index) {
    return clients.get(index);
  }

  /**
   * Puts {@code client} at {@code index} in place of one that is gone, to be closed with the rest.
   */
  public void replace(int index, LoadClient client) {
    clients.set(index, client);
  }

  /** How many clients there are. */
  public int size() {
    return clients.size();
  }

  /** Clients the server has closed (or that failed). */
  public long closedByServer() {
    return clients.stream().filter(LoadClient::closedByServer).count();
  }

  @Override
  public void close() {
    clients.forEach(LoadClient::close);
  }

  // One selector reads every socket; the default limit of 64 connections per server would queue
  // the upgrades of an idle fleet.
  private static WebSocketCoreClient webSockets() {
    var http = new HttpClient();
    http.setMaxConnectionsPerDestination(1_000_000);
    http.setMaxRequestsQueuedPerDestination(1_000_000);
    http.setConnectTimeout(20_000);
    var client = new WebSocketCoreClient(http, null);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("the WebSocket client did not start", e);
    }
    return client;
  }

  /** The event streams' HTTP clients, started when a stream is first opened. */
  private static final class Http {
    // One selector reads every stream; each holds its connection for as long as it lasts.
    static final HttpClient STREAMS = started(1_000_000);
    // Subscriptions over the REST API: a few kept-alive connections, requests queued behind them.
    static final HttpClient REST = started(32);

    private static HttpClient started(int connections) {
      var http = new HttpClient();
      http.setMaxConnectionsPerDestination(connections);
      http.setMaxRequestsQueuedPerDestination(1_000_000);
      http.setConnectTimeout(20_000);
      http.setIdleTimeout(0);
      try {
        http.start();
      } catch (Exception e) {
        throw new IllegalStateException("the HTTP client did not start", e);
      }
      return http;
    }
  }

  private static OkHttpClient okHttp() {
    var dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(20_000);
    dispatcher.setMaxRequestsPerHost(20_000);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .readTimeout(0, TimeUnit.MILLISECONDS)
        .build();
  }
}
