package io.progressrelay.adapter.out.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The control channel on a Redis Cluster, with one copy per master: an audience change is published
 * on the control channel (on the master of its slot) and on a copy on every other master, named
 * {@code <control>{<tag>}} with a hash tag in that master's lowest slot. Every listener subscribes
 * to all of them, so each master's connection carries every change ahead of the events published on
 * that master after it (docs/redis.md, "What cluster mode guarantees"). Immutable.
 */
public final class ControlChannelCopies {
  private final String controlChannel;
  private final byte[] controlBytes;
  private final byte[] copyPrefix;

  /** The copies of {@code controlChannel}. */
  public ControlChannelCopies(String controlChannel) {
    this.controlChannel = Objects.requireNonNull(controlChannel, "controlChannel");
    this.controlBytes = controlChannel.getBytes(StandardCharsets.UTF_8);
    this.copyPrefix = (controlChannel + "{").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The channels a change goes out on while {@code topology} holds: the control channel first, then
   * one copy for every other master, so every master serves exactly one of them.
   */
  public List<String> channels(ClusterTopology topology) {
    List<String> channels = new ArrayList<>();
    channels.add(controlChannel);
    HostAndPort controlMaster = topology.masterOf(controlChannel);
    topology
        .firstSlots()
        .forEach(
            (master, slot) -> {
              if (!master.equals(controlMaster)) {
                channels.add(copyIn(slot));
              }
            });
    return channels;
  }

  /** Whether {@code channel} is the control channel or one of its copies. */
  public boolean isControl(byte[] channel) {
    if (channel.length == controlBytes.length) {
      return Arrays.equals(channel, controlBytes);
    }
    return channel.length > copyPrefix.length + 1
        && channel[channel.length - 1] == '}'
        && Arrays.equals(channel, 0, copyPrefix.length, copyPrefix, 0, copyPrefix.length);
  }

  /** The copy whose hash tag lies in {@code slot}. */
  String copyIn(int slot) {
    return controlChannel + "{" + HashTags.IN_SLOT[slot] + "}";
  }

  /** For each slot the shortest decimal number whose hash is in it; computed once, in a few ms. */
  private static final class HashTags {
    static final String[] IN_SLOT = inEverySlot();

    private static String[] inEverySlot() {
      String[] tags = new String[ClusterTopology.SLOTS];
      int missing = tags.length;
      for (int n = 0; missing > 0; n++) {
        String tag = Integer.toString(n);
        int slot = JedisClusterCRC16.getSlot(tag);
        if (tags[slot] == null) {
          tags[slot] = tag;
          missing--;
        }
      }
      return tags;
    }
  }
}
