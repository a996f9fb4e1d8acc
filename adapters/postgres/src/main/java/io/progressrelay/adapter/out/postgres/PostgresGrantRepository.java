package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link GrantRepository} on PostgreSQL; thread-safe. */
public final class PostgresGrantRepository implements GrantRepository {
  private final Jdbi jdbi;
  private final GrantDao grants;

  public PostgresGrantRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.grants = jdbi.onDemand(GrantDao.class);
  }

  @Override
  public AddedGrant add(Grant grant) {
    return Outages.translate(
        () -> {
          GrantRow row = GrantRow.of(grant);
          return jdbi.inTransaction(
              handle -> {
                GrantDao dao = handle.attach(GrantDao.class);
                if (dao.lockUpload(row.uploadId()).isEmpty()) {
                  throw new UploadNotFoundException(grant.uploadId());
                }
                // Loops only when a concurrent revoke removes the grant this insert collided with.
                while (true) {
                  if (dao.insertIfAbsent(
                      row.uploadId(), row.granteeId(), row.grantedBy(), row.grantedAt())) {
                    return new AddedGrant(grant, true);
                  }
                  Optional<GrantRow> existing = dao.find(row.uploadId(), row.granteeId());
                  if (existing.isPresent()) {
                    return new AddedGrant(existing.get().toGrant(), false);
                  }
                }
              });
        });
  }

  @Override
  public boolean revoke(UploadId uploadId, UserId grantee) {
    return Outages.translate(() -> grants.revoke(uploadId.value(), grantee.value()));
  }

  @Override
  public List<Grant> findByUpload(UploadId uploadId) {
    return Outages.translate(
        () -> grants.findByUpload(uploadId.value()).stream().map(GrantRow::toGrant).toList());
  }

  @Override
  public Optional<Grant> find(UploadId uploadId, UserId grantee) {
    return Outages.translate(
        () -> grants.find(uploadId.value(), grantee.value()).map(GrantRow::toGrant));
  }
}
