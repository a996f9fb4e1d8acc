package io.progressrelay.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a server has closed its end of loopback connections, read from the kernel's TCP table
 * ({@code /proc/net/tcp} and {@code tcp6}) rather than from the sockets: a client that stopped
 * reading cannot see the close, which waits in the server's send buffer behind the frames it did
 * not read.
 */
public final class ServerSideClose {
  private static final String ESTABLISHED = "01";
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /**
   * Of the connections from {@code clientPorts} to {@code serverPort} on this machine, the client
   * ports whose server end is no longer established (closing, closed or gone).
   */
  public static Set<Integer> closedBy(int serverPort, Set<Integer> clientPorts) {
    Map<Integer, String> serverEnds = new HashMap<>();
    for (Path table : TABLES) {
      try (var lines = Files.lines(table)) {
        lines.skip(1).forEach(line -> serverEnd(line, serverPort, clientPorts, serverEnds));
      } catch (IOException | RuntimeException e) {
        // no IPv6 table on this machine
      }
    }
    Set<Integer> closed = new HashSet<>();
    for (int port : clientPorts) {
      if (!ESTABLISHED.equals(serverEnds.get(port))) {
        closed.add(port);
      }
    }
    return closed;
  }

  // "  12: 0100007F:1C21 0100007F:D3A4 01 ...": the local end, the remote end and the state.
  private static void serverEnd(
      String line, int serverPort, Set<Integer> clientPorts, Map<Integer, String> serverEnds) {
    String[] fields = line.trim().split("\\s+", 5);
    if (fields.length < 4 || port(fields[1]) != serverPort) {
      return;
    }
    int client = port(fields[2]);
    if (clientPorts.contains(client)) {
      serverEnds.put(client, fields[3]);
    }
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
  }

  private ServerSideClose() {}
}
