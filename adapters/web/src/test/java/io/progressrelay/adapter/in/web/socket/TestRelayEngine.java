package io.progressrelay.adapter.in.web.socket;

import static org.awaitility.Awaitility.await;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A small, honest stand-in for the fan-out engine: it records connected sessions, enforces a
 * per-user connection limit and forwards each session's frames to its socket in order, one write in
 * flight, never under a lock.
 */
final class TestRelayEngine implements ConnectClientUseCase {
  private final int maxConnectionsPerUser;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  TestRelayEngine(int maxConnectionsPerUser) {
    this.maxConnectionsPerUser = maxConnectionsPerUser;
  }

  @Override
  public synchronized ClientConnection connect(
      Caller caller, ClientSocket socket, String greeting, ClientCapabilities capabilities) {
    if (sessionsOf(caller.userId().value()).size() >= maxConnectionsPerUser) {
      throw new ConnectionLimitException(maxConnectionsPerUser);
    }
    var connection = new Connection(socket, capabilities);
    connections.put(socket.connectionId(), connection);
    connection.send(greeting);
    return connection;
  }

  List<Connection> sessionsOf(String userId) {
    return connections.values().stream()
        .filter(c -> c.socket.userId().value().equals(userId))
        .toList();
  }

  /** The user's only session, waiting for it to connect. */
  Connection awaitSessionOf(String userId) {
    await().atMost(Duration.ofSeconds(5)).until(() -> sessionsOf(userId).size() == 1);
    return sessionsOf(userId).get(0);
  }

  /** One connected client: frames queue here and go to the socket one at a time. */
  final class Connection implements ClientConnection {
    private final ClientSocket socket;
    private final ClientCapabilities capabilities;
    private final Queue<String> queued = new ArrayDeque<>();
    private boolean writing;
    private boolean closed;

    Connection(ClientSocket socket, ClientCapabilities capabilities) {
      this.socket = socket;
      this.capabilities = capabilities;
    }

    ClientSocket socket() {
      return socket;
    }

    ClientCapabilities capabilities() {
      return capabilities;
    }

    synchronized boolean isClosed() {
      return closed;
    }

    @Override
    public String connectionId() {
      return socket.connectionId();
    }

    @Override
    public void send(String frame) {
      synchronized (this) {
        if (closed) {
          return;
        }
        queued.add(frame);
        if (writing) {
          return;
        }
        writing = true;
      }
      writeNext();
    }

    // This stand-in keeps no latest events, so the answer is all there is to queue.
    @Override
    public void answerSubscribe(
        UploadId upload, Optional<Position> since, Supplier<String> request) {
      send(request.get());
    }

    @Override
    public void catchUp(Optional<Position> since, List<UploadId> followedNewestFirst) {
      send("{\"action\":\"caught_up\"}");
    }

    @Override
    public void close() {
      synchronized (this) {
        closed = true;
        queued.clear();
      }
      connections.remove(socket.connectionId());
    }

    private void writeNext() {
      String next;
      synchronized (this) {
        next = closed ? null : queued.poll();
        if (next == null) {
          writing = false;
          return;
        }
      }
      socket.write(FrameBatch.of(List.of(new TextFrame(next))), failure -> writeNext());
    }
  }
}
