package io.progressrelay.adapter.out.redis;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlLogEntry;

/** One server's {@code ACL LOG} entries for one user, as lines a failed assertion can show. */
final class AclDenials {
  // ACL LOG keeps 128 entries by default (acllog-max-len); ask for all of them.
  private static final int ALL = 128;

  private AclDenials() {}

  static List<String> of(Jedis jedis, String user) {
    return jedis.aclLog(ALL).stream()
        .filter(entry -> user.equals(entry.getUsername()))
        .map(AclDenials::describe)
        .toList();
  }

  private static String describe(AccessControlLogEntry entry) {
    return entry.getReason()
        + " "
        + entry.getObject()
        + " (context "
        + entry.getContext()
        + ", "
        + entry.getCount()
        + "x, command "
        + entry.getClientInfo().get("cmd")
        + ")";
  }
}
