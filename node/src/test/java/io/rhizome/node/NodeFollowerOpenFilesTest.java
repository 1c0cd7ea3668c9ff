/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.node.store.TenantHandles;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.TenantRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower never writes a tenant's files while one of its own SQLite connections has them open
 * (docs/replication.md, "Fencing"): such a connection would not know the appended frames, and its
 * close-time checkpoint, as the file's last connection, would delete frames the follower had
 * acknowledged.
 */
@Timeout(120)
class NodeFollowerOpenFilesTest extends ReplicaSetFixture {

  @Test
  void aFollowerWithTheTenantOpenAcknowledgesNothingAndCatchesUpOnceItCloses() throws Exception {
    start("n1");
    start("n2");
    TenantRecord acme = createTenant("acme");
    assertEquals("n1", shard(acme.getShard()).getNodeId());
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    s.query("insert into t values (1)");
    assertEquals(List.of(1L), rowsOnCopy("n2", acme));
    assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(shard(acme.getShard()), "n2"));

    // A session of n2 outlived the shard's release (a long statement), its handle open and read.
    Path db = dataOf("n2").resolve("shards/" + acme.getShard() + "/acme.db");
    Path wal = db.resolveSibling("acme.db-wal");
    TenantHandles.Lease lease = nodes.get("n2").handles().acquire(acme.getShard(), "acme");
    try (Statement st = lease.connection().createStatement();
        ResultSet r = st.executeQuery("SELECT count(*) FROM t")) {
      r.next();
      assertEquals(1, r.getLong(1));
    }
    byte[] walBefore = Files.readAllBytes(wal);
    byte[] dbBefore = Files.readAllBytes(db);

    for (int i = 2; i <= 5; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ")")));
    }
    // n2 acknowledged none of them: the primary took it out of the in-sync set to commit.
    assertEquals(Optional.of(FollowerState.CATCHING_UP), stateOf(shard(acme.getShard()), "n2"));
    assertArrayEquals(walBefore, Files.readAllBytes(wal), "n2 wrote no frame under the handle");
    assertArrayEquals(dbBefore, Files.readAllBytes(db));

    // The session ends; the next stream closes the idle handle and catches the copy up.
    lease.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> stateOf(shard(acme.getShard()), "n2").equals(Optional.of(FollowerState.IN_SYNC)));
    assertEquals(upTo(5), rowsOnCopy("n2", acme));
    s.query("insert into t values (6)");
    assertEquals(upTo(6), rowsOnCopy("n2", acme));
  }

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }
}
