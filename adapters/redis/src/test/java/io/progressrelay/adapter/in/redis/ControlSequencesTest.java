package io.progressrelay.adapter.in.redis;

import static io.progressrelay.adapter.in.redis.ControlSequences.Verdict.AFTER_A_LOSS;
import static io.progressrelay.adapter.in.redis.ControlSequences.Verdict.NEXT;
import static io.progressrelay.adapter.in.redis.ControlSequences.Verdict.REPEAT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlSequencesTest {
  private final ControlSequences sequences = new ControlSequences();

  @Test
  void consecutiveMessagesOfAnOriginMissNothing() {
    assertThat(sequences.receive("a", new SequenceStamp(1, 0))).isEqualTo(NEXT);
    assertThat(sequences.receive("a", new SequenceStamp(2, 1))).isEqualTo(NEXT);
    assertThat(sequences.receive("b", new SequenceStamp(40, 39))).isEqualTo(NEXT);
    assertThat(sequences.receive("a", new SequenceStamp(3, 2))).isEqualTo(NEXT);
  }

  @Test
  void aNumberSkippedOnTheWayIsAMiss() {
    sequences.receive("a", new SequenceStamp(1, 0));

    assertThat(sequences.receive("a", new SequenceStamp(3, 2))).isEqualTo(AFTER_A_LOSS);
    assertThat(sequences.receive("a", new SequenceStamp(4, 3))).isEqualTo(NEXT);
  }

  @Test
  void aRepeatedNumberIsARepeatAndChangesNothing() {
    sequences.receive("a", new SequenceStamp(5, 4));

    assertThat(sequences.receive("a", new SequenceStamp(5, 4))).isEqualTo(REPEAT);
    assertThat(sequences.receive("a", new SequenceStamp(6, 5))).isEqualTo(NEXT);
  }

  @Test
  void copiesFromSeveralMastersAreEachTakenOnceWhateverTheirInterleaving() {
    // Master A's connection carries 1, 2, 3 and master B's the same, read interleaved.
    assertThat(sequences.receive("a", new SequenceStamp(1, 0))).isEqualTo(NEXT);
    assertThat(sequences.receive("a", new SequenceStamp(2, 1))).isEqualTo(NEXT);
    assertThat(sequences.receive("a", new SequenceStamp(1, 0))).isEqualTo(REPEAT);
    assertThat(sequences.receive("a", new SequenceStamp(3, 2))).isEqualTo(NEXT);
    assertThat(sequences.receive("a", new SequenceStamp(2, 1))).isEqualTo(REPEAT);
    assertThat(sequences.receive("a", new SequenceStamp(3, 2))).isEqualTo(REPEAT);
  }

  @Test
  void aMessageThatSaysItFollowsALossIsAMissEvenFromAnOriginHeardOfTheFirstTime() {
    assertThat(sequences.receive("a", new SequenceStamp(9, 6))).isEqualTo(AFTER_A_LOSS);
    assertThat(sequences.receive("a", new SequenceStamp(10, 9))).isEqualTo(NEXT);
  }

  @Test
  void afterForgettingTheNextNumberOfAnOriginIsTakenAsItComes() {
    sequences.receive("a", new SequenceStamp(1, 0));
    sequences.forgetAll();

    assertThat(sequences.receive("a", new SequenceStamp(8, 7))).isEqualTo(NEXT);
  }

  @Test
  void anOriginForgottenForRoomIsJudgedByItsOwnNumbersAlone() {
    sequences.receive("old", new SequenceStamp(1, 0));
    for (int i = 0; i < ControlSequences.MAX_ORIGINS; i++) {
      sequences.receive("o-" + i, new SequenceStamp(1, 0));
    }

    assertThat(sequences.receive("old", new SequenceStamp(5, 4))).isEqualTo(NEXT);
    assertThat(sequences.receive("old", new SequenceStamp(7, 5))).isEqualTo(AFTER_A_LOSS);
  }
}
