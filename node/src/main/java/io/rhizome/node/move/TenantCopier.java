/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.ShardTenant;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Copies tenant files of a shard from the source into the move's staging area and remembers, per
 * tenant, the source's write generation read just before its copy began: a tenant whose generation
 * is still the same later has committed nothing since, so its copy is current. Safe for several
 * copies at once (of different tenants).
 */
final class TenantCopier {
  /** One tenant's copy may take this long; a larger file is a slower network, not a hang. */
  private static final long COPY_DEADLINE_MINUTES = 30;

  private final NodeAdminGrpc.NodeAdminBlockingStub source;
  private final MoveStaging staging;
  private final TenantBackups backups;
  private final int shard;
  private final long epoch;
  private final Map<String, Long> copiedAt = new ConcurrentHashMap<>();
  private String bootId;

  TenantCopier(
      NodeAdminGrpc.NodeAdminBlockingStub source,
      MoveStaging staging,
      TenantBackups backups,
      int shard,
      long epoch) {
    this.source = source;
    this.staging = staging;
    this.backups = backups;
    this.shard = shard;
    this.epoch = epoch;
  }

  /** The source process the copies came from (generations of another one do not compare). */
  synchronized String bootId() {
    return bootId;
  }

  /** The tenants of {@code listing} whose copy is missing or older than their generation. */
  List<ShardTenant> stale(List<ShardTenant> listing) {
    return listing.stream()
        .filter(t -> !Long.valueOf(t.getGeneration()).equals(copiedAt.get(t.getTenant())))
        .toList();
  }

  /** Copied tenants that {@code listing} no longer has (dropped meanwhile). */
  List<String> gone(List<ShardTenant> listing) {
    Set<String> present =
        listing.stream().map(ShardTenant::getTenant).collect(java.util.stream.Collectors.toSet());
    return copiedAt.keySet().stream().filter(t -> !present.contains(t)).sorted().toList();
  }

  void forget(String tenant) throws IOException {
    copiedAt.remove(tenant);
    staging.delete(tenant);
  }

  /**
   * Copies one tenant, checks the bytes against the source's SHA-256 and the file with SQLite's
   * integrity check.
   *
   * @param progress told the bytes of each chunk written
   * @return bytes copied; 0 when the tenant's file is gone on the source
   */
  long copy(String tenant, LongConsumer progress)
      throws IOException, TenantBackups.InvalidDatabaseException {
    Path file = staging.file(tenant);
    MessageDigest sha = sha256();
    long bytes = 0;
    byte[] expected = null;
    long generation = -1;
    try (FileOutputStream out = new FileOutputStream(file.toFile())) {
      Iterator<BackupChunk> chunks =
          source
              .withDeadlineAfter(COPY_DEADLINE_MINUTES, TimeUnit.MINUTES)
              .backupTenant(
                  BackupTenantRequest.newBuilder()
                      .setTenant(tenant)
                      .setShard(shard)
                      .setEpoch(epoch)
                      .build());
      boolean first = true;
      while (chunks.hasNext()) {
        BackupChunk chunk = chunks.next();
        if (first) {
          generation = chunk.getGeneration();
          checkBootId(chunk.getBootId());
          first = false;
        }
        if (!chunk.getSha256().isEmpty()) {
          expected = chunk.getSha256().toByteArray();
        }
        if (!chunk.getData().isEmpty()) {
          chunk.getData().writeTo(out);
          sha.update(chunk.getData().asReadOnlyByteBuffer());
          bytes += chunk.getData().size();
          progress.accept(chunk.getData().size());
        }
      }
      // Durable now, so that installing the shard needs no flush of every file under the freeze.
      out.getFD().sync();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        forget(tenant);
        return 0;
      }
      throw e;
    }
    if (expected == null || !MessageDigest.isEqual(expected, sha.digest())) {
      throw new IOException(
          "the copy of tenant " + tenant + " does not match the source's SHA-256");
    }
    backups.verify(file);
    copiedAt.put(tenant, generation);
    return bytes;
  }

  private synchronized void checkBootId(String fromChunk) throws SourceRestartedException {
    if (bootId == null) {
      bootId = fromChunk;
    } else if (!bootId.equals(fromChunk)) {
      throw new SourceRestartedException();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** The source answered from another process than the copies so far: start over. */
  static final class SourceRestartedException extends IOException {
    SourceRestartedException() {
      super("the source node restarted during the move");
    }
  }
}
