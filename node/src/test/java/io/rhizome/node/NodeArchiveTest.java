/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.node.archive.ArchiveConfig;
import io.rhizome.node.archive.ArchiveSettings;
import io.rhizome.node.archive.ArchiveTarget;
import io.rhizome.node.archive.ArchiveTargets;
import io.rhizome.node.archive.PointInTimeRestore;
import io.rhizome.proto.TenantRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Archives of shipped commits and rebuilding a tenant as of a moment (docs/replication.md). */
@Timeout(120)
class NodeArchiveTest extends ReplicaSetFixture {
  private ArchiveTarget target;

  @Override
  int replicationFactor() {
    return 1;
  }

  @Override
  Optional<ArchiveConfig> archive() throws Exception {
    if (target == null) {
      target = ArchiveTargets.directory(root.resolve("archive"));
    }
    return Optional.of(
        new ArchiveConfig(
            target,
            new ArchiveSettings(Duration.ofMillis(100), Duration.ofDays(1), 64L << 20, 64L << 20)));
  }

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(0, n).boxed().toList();
  }

  /** A millisecond no commit falls on (the next commit is made after the clock passed it). */
  private static long moment() {
    long now = System.currentTimeMillis();
    await().pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > now + 1);
    return now;
  }

  private List<Long> restored(TenantRecord tenant, long at) throws Exception {
    Path out = Files.createTempFile(root, "restored-", ".db");
    PointInTimeRestore.build(target, "test", tenant.getName(), tenant.getCreatedUnixMs(), at, out);
    return rows(out);
  }

  @Test
  void aTenantIsRebuiltAsOfAnyMomentAfterItsFirstSnapshot() throws Exception {
    start("n1");
    TenantRecord acme = createTenant("acme");
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    s.query("insert into t values (0)");
    await().atMost(Duration.ofSeconds(10)).until(() -> !target.list("test/acme/").isEmpty());
    long first = moment();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> restored(acme, first).equals(upTo(0)));

    for (int i = 1; i <= 30; i++) {
      s.query("insert into t values (" + i + ")");
    }
    long thirty = moment();
    for (int i = 31; i <= 60; i++) {
      s.query("insert into t values (" + i + ")");
    }
    long sixty = moment();
    s.query("delete from t");
    long afterDelete = moment();

    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> restored(acme, afterDelete).isEmpty());
    assertEquals(upTo(30), restored(acme, thirty));
    assertEquals(upTo(60), restored(acme, sixty));
    assertThrows(
        PointInTimeRestore.NotCoveredException.class,
        () -> restored(acme, acme.getCreatedUnixMs() - 1));
    long snapshots = target.list("test/acme/").stream().filter(k -> k.endsWith(".db")).count();
    assertEquals(1, snapshots, "one snapshot, then segments: " + target.list("test/acme/"));
  }
}
