package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlSequencesTest {
  private final ControlSequences sequences = new ControlSequences();

  @Test
  void consecutiveMessagesOfAnOriginMissNothing() {
    assertThat(sequences.missedBefore("a", new SequenceStamp(1, 0))).isFalse();
    assertThat(sequences.missedBefore("a", new SequenceStamp(2, 1))).isFalse();
    assertThat(sequences.missedBefore("b", new SequenceStamp(40, 39))).isFalse();
    assertThat(sequences.missedBefore("a", new SequenceStamp(3, 2))).isFalse();
  }

  @Test
  void aNumberSkippedOnTheWayIsAMiss() {
    sequences.missedBefore("a", new SequenceStamp(1, 0));

    assertThat(sequences.missedBefore("a", new SequenceStamp(3, 2))).isTrue();
    assertThat(sequences.missedBefore("a", new SequenceStamp(4, 3))).isFalse();
  }

  @Test
  void aRepeatedNumberIsAMissToo() {
    sequences.missedBefore("a", new SequenceStamp(5, 4));

    assertThat(sequences.missedBefore("a", new SequenceStamp(5, 4))).isTrue();
  }

  @Test
  void aMessageThatSaysItFollowsALossIsAMissEvenFromAnOriginHeardOfTheFirstTime() {
    assertThat(sequences.missedBefore("a", new SequenceStamp(9, 6))).isTrue();
    assertThat(sequences.missedBefore("a", new SequenceStamp(10, 9))).isFalse();
  }

  @Test
  void afterForgettingTheNextNumberOfAnOriginIsTakenAsItComes() {
    sequences.missedBefore("a", new SequenceStamp(1, 0));
    sequences.forgetAll();

    assertThat(sequences.missedBefore("a", new SequenceStamp(8, 7))).isFalse();
  }

  @Test
  void anOriginForgottenForRoomIsJudgedByItsOwnNumbersAlone() {
    sequences.missedBefore("old", new SequenceStamp(1, 0));
    for (int i = 0; i < ControlSequences.MAX_ORIGINS; i++) {
      sequences.missedBefore("o-" + i, new SequenceStamp(1, 0));
    }

    assertThat(sequences.missedBefore("old", new SequenceStamp(5, 4))).isFalse();
    assertThat(sequences.missedBefore("old", new SequenceStamp(7, 5))).isTrue();
  }
}
