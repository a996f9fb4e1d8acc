package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

/** The report's connect-path section: server CPU per connect, authenticate and close. */
final class ConnectsReport {

  static void render(StringBuilder out, Results r) {
    if (r.connects.isEmpty()) {
      return;
    }
    out.append(
        "## 7. Connect path: 500 connects, authentications and closes per second, nothing"
            + " published\n\n");
    out.append(
        "The 1:1 setting's 1,000 sockets stay open and idle; connections of 1,000 other users (in"
            + " turn) open, authenticate with the first-message token and close. Server CPU over"
            + " the window, less its idle CPU over as long (read just before), per completed"
            + " cycle; PostgreSQL's likewise.\n\n");
    out.append(
        "| server | cycles done / failed | connect+auth p50 | p99 | server µs per cycle | ×"
            + " node_ws | PostgreSQL µs per cycle | server idle cores |\n");
    out.append("| --- ".repeat(8)).append("|\n");
    Connects.Outcome node = r.connects.get("node_ws");
    for (Connects.Outcome c : r.connects.values()) {
      out.append(
          f(
              "| %s | %,d / %,d | %.1f ms | %.1f ms | %,.1f | %s | %,.1f | %.3f |\n",
              c.server(),
              c.completed(),
              c.failed(),
              c.connectMicros().getValueAtPercentile(50) / 1000.0,
              c.connectMicros().getValueAtPercentile(99) / 1000.0,
              c.serverMicrosPerConnect(),
              node == null
                  ? "–"
                  : f("%.2f", c.serverMicrosPerConnect() / node.serverMicrosPerConnect()),
              c.postgresMicrosPerConnect(),
              c.idle().serverCores()));
    }
    out.append('\n');
  }

  private ConnectsReport() {}
}
