package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LocalThenAnnouncedAudienceChangesTest {
  private static final AudienceChange SUBSCRIBED =
      AudienceChange.subscribed(new UserId("alice"), new UploadId("u-1"));
  private static final AudienceChange REGISTERED =
      AudienceChange.uploadRegistered(new UploadId("u-2"));

  private final List<String> steps = new ArrayList<>();
  private final List<List<AudienceChange>> announcedBatches = new ArrayList<>();

  private final Consumer<AudienceChange> local = change -> steps.add("applied " + change.type());

  private final AudienceChangeSink announcer =
      new AudienceChangeSink() {
        @Override
        public void changed(AudienceChange change) {
          steps.add("announced " + change.type());
        }

        @Override
        public void changedAll(List<AudienceChange> changes) {
          announcedBatches.add(changes);
          changes.forEach(change -> steps.add("announced " + change.type()));
        }
      };

  private final LocalThenAnnouncedAudienceChanges changes =
      new LocalThenAnnouncedAudienceChanges(local, announcer);

  @Test
  void aChangeIsAppliedHereBeforeItIsAnnounced() {
    changes.changed(SUBSCRIBED);

    assertThat(steps).containsExactly("applied SUBSCRIBED", "announced SUBSCRIBED");
  }

  @Test
  void manyChangesAreAllAppliedHereThenAnnouncedAsOneBatch() {
    changes.changedAll(List.of(REGISTERED, SUBSCRIBED));

    assertThat(steps)
        .containsExactly(
            "applied UPLOAD_REGISTERED",
            "applied SUBSCRIBED",
            "announced UPLOAD_REGISTERED",
            "announced SUBSCRIBED");
    assertThat(announcedBatches).containsExactly(List.of(REGISTERED, SUBSCRIBED));
  }

  @Test
  void aLoneInstanceAppliesChangesAndAnnouncesToNobody() {
    var alone = new LocalThenAnnouncedAudienceChanges(local, AudienceChangeSink.NONE);

    alone.changed(SUBSCRIBED);

    assertThat(steps).containsExactly("applied SUBSCRIBED");
  }
}
