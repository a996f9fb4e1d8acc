package io.progressrelay.adapter.out.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel whose slot moves from one master's connection to another's, on the shard interests
 * alone (the commands are recorded, the replies played by the test): whoever waits for it waits for
 * the new master, and its confirmation there is reported as a channel resumed after a lost window.
 */
class ChannelMoveTest {
  private static final String CHANNEL = "upload:moving";

  private final RedisChannelInterest before = shard();
  private final RedisChannelInterest after = shard();
  private final RecordedCommands beforeCommands = new RecordedCommands();
  private final RecordedCommands afterCommands = new RecordedCommands();

  private static RedisChannelInterest shard() {
    return RedisChannelInterest.sharded("upload:", "user:", Duration.ZERO);
  }

  @AfterEach
  void close() {
    before.close();
    after.close();
  }

  /** Both masters connected, each with a channel of its own already confirmed. */
  private void connected() {
    before.addChannels(List.of("upload:stays-before"));
    after.addChannels(List.of("upload:stays-after"));
    open(before, beforeCommands);
    open(after, afterCommands);
  }

  private static void open(RedisChannelInterest shard, RecordedCommands commands) {
    List<String> first = shard.sessionStarting();
    shard.sessionOpen(commands);
    first.forEach(channel -> assertThat(shard.confirmed(channel.getBytes(UTF_8))).isFalse());
  }

  @Test
  void anAddWaitingWhenItsChannelMovesWaitsForTheNewMastersConfirmation() {
    connected();
    CompletableFuture<Void> added = before.addChannels(List.of(CHANNEL)).toCompletableFuture();
    await().until(() -> beforeCommands.subscribed().contains(CHANNEL));

    Map<String, CompletableFuture<Void>> waiting = before.moveOut(List.of(CHANNEL));
    after.moveIn(List.of(CHANNEL), waiting);

    assertThat(added).isNotDone();
    before.confirmed(CHANNEL.getBytes(UTF_8)); // the old master's late answer counts for nothing
    assertThat(added).isNotDone();
    await().until(() -> afterCommands.subscribed().contains(CHANNEL));
    assertThat(after.confirmed(CHANNEL.getBytes(UTF_8))).isTrue();
    assertThat(added).isDone();
  }

  @Test
  void aChannelMovedInIsReportedOnceWhenConfirmedAndNotWhenANewConnectionTakesIt() {
    connected();
    after.moveIn(List.of(CHANNEL), Map.of());
    await().until(() -> afterCommands.subscribed().contains(CHANNEL));
    assertThat(after.confirmed(CHANNEL.getBytes(UTF_8))).isTrue();
    assertThat(after.confirmed(CHANNEL.getBytes(UTF_8))).isFalse();

    after.moveIn(List.of("upload:other"), Map.of());
    List<String> first = after.sessionStarting(); // the connection was lost and is made again
    assertThat(first).contains("upload:other");
    assertThat(after.confirmed("upload:other".getBytes(UTF_8))).isFalse();
  }

  @Test
  void whileTheNewMasterIsNotConnectedNothingWaits() {
    connected();
    CompletableFuture<Void> added = before.addChannels(List.of(CHANNEL)).toCompletableFuture();
    after.sessionEnded();

    after.moveIn(List.of(CHANNEL), before.moveOut(List.of(CHANNEL)));

    assertThat(added).isDone();
  }

  @Test
  void aChannelTheMasterDroppedIsSentAgainOnlyOnceTheSlotMapWasReloadedAndIsThenReported() {
    connected();
    before.addChannels(List.of(CHANNEL));
    await().until(() -> beforeCommands.subscribed().contains(CHANNEL));
    before.confirmed(CHANNEL.getBytes(UTF_8));

    assertThat(before.droppedByRedis(CHANNEL.getBytes(UTF_8))).isTrue();
    before.addChannels(List.of("upload:marker")); // a later command goes out without it
    await().until(() -> beforeCommands.subscribed().contains("upload:marker"));
    before.confirmed("upload:marker".getBytes(UTF_8));
    assertThat(beforeCommands.subscribed()).containsOnlyOnce(CHANNEL);

    before.resubscribeDropped(); // the map still names this master
    await().until(() -> beforeCommands.subscribed().stream().filter(CHANNEL::equals).count() == 2);
    assertThat(before.confirmed(CHANNEL.getBytes(UTF_8))).isTrue();
  }

  @Test
  void aConnectionMadeAgainLeavesOutTheChannelsWaitingForTheSlotMap() throws Exception {
    connected();
    before.droppedByRedis("upload:stays-before".getBytes(UTF_8)); // its last channel: idle
    before.sessionPaused();

    assertThat(before.awaitWanted(1)).isFalse();
    before.addChannels(List.of(CHANNEL));
    assertThat(before.awaitWanted(1)).isTrue();
    assertThat(before.sessionStarting()).containsExactly(CHANNEL);
    assertThat(before.confirmed(CHANNEL.getBytes(UTF_8))).isFalse();
    before.sessionOpen(beforeCommands);

    before.resubscribeDropped();
    await().until(() -> beforeCommands.subscribed().contains("upload:stays-before"));
    assertThat(before.confirmed("upload:stays-before".getBytes(UTF_8))).isTrue();
  }

  /** The commands a shard sent, in order. */
  private static final class RecordedCommands implements SubscriptionCommands {
    private final List<String> subscribed = new ArrayList<>();

    @Override
    public synchronized void subscribe(byte[][] channels) {
      Arrays.stream(channels).map(c -> new String(c, UTF_8)).forEach(subscribed::add);
    }

    @Override
    public void unsubscribe(byte[][] channels) {}

    synchronized List<String> subscribed() {
      return List.copyOf(subscribed);
    }
  }
}
