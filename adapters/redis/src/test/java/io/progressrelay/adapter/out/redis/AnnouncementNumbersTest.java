package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.redis.SequenceStamp;
import org.junit.jupiter.api.Test;

class AnnouncementNumbersTest {
  private final AnnouncementNumbers numbers = new AnnouncementNumbers();

  @Test
  void numbersMessagesInOrderEachAfterTheOneBefore() {
    SequenceStamp first = numbers.next(1)[0];
    numbers.handedToRedis(first);
    SequenceStamp[] pipeline = numbers.next(3);

    assertThat(first).isEqualTo(new SequenceStamp(1, 0));
    assertThat(pipeline)
        .containsExactly(new SequenceStamp(2, 1), new SequenceStamp(3, 2), new SequenceStamp(4, 3));
  }

  @Test
  void aMessageRedisDidNotTakeIsReportedByTheNextOne() {
    numbers.handedToRedis(numbers.next(1)[0]);
    numbers.next(1); // refused
    assertThat(numbers.lossUnreported()).isTrue();

    SequenceStamp next = numbers.next(1)[0];
    numbers.handedToRedis(next);

    assertThat(next).isEqualTo(new SequenceStamp(3, 1));
    assertThat(next.followsALoss()).isTrue();
    assertThat(numbers.lossUnreported()).isFalse();
  }

  @Test
  void changesDroppedUntriedTakeTheirNumbersToo() {
    numbers.handedToRedis(numbers.next(1)[0]);
    numbers.skip(2);
    assertThat(numbers.lossUnreported()).isTrue();

    SequenceStamp next = numbers.next(1)[0];

    assertThat(next).isEqualTo(new SequenceStamp(4, 1));
    assertThat(next.followsALoss()).isTrue();
  }
}
