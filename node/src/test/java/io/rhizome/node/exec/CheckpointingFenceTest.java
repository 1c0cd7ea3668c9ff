/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.node.store.WalSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * A session told after a commit that the tenant's WAL outgrew a checkpoint's size makes the log
 * start over, and gives up rather than stall the tenant's writers behind a reader that stays.
 */
@Timeout(60)
class CheckpointingFenceTest {
  @TempDir Path data;
  private TenantStore store;
  private TenantSession session;
  private final RecordingOutbound out = new RecordingOutbound();
  private boolean overgrown;
  private Path wal;
  private long limit;

  @BeforeEach
  void open() throws Exception {
    // A long busy timeout: a checkpoint that waited for it would stall the test, not fail fast.
    store = TestStores.open(data, Duration.ofMinutes(5));
    SQLiteConnection connection = store.open(1, "acme");
    try (Statement s = connection.createStatement()) {
      // Only the session's checkpoint may let the log start over here, not SQLite's own.
      s.execute("pragma wal_autocheckpoint = 0");
    }
    session =
        new TenantSession(
            connection,
            new SqliteErrors(data.toString()),
            new WriteFence() {
              @Override
              public void check() {}

              @Override
              public boolean committed() {
                return overgrown;
              }
            },
            store.lockdown());
    wal = data.resolve("shards/1/acme.db-wal");
    limit = WalSync.limitBytes(4096);
    query("create table t (v blob)");
    for (int i = 0; i < WalSync.CHECKPOINT_FRAMES + 100; i++) {
      query("insert into t values (zeroblob(3000))");
    }
    assertTrue(Files.size(wal) > limit, "the log grew past a checkpoint's size");
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void theLogStartsOverAfterTheCheckpointAndIsCutBack() throws Exception {
    overgrown = true;
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), query("insert into t values (1)"));
    overgrown = false;
    query("insert into t values (2)");
    assertTrue(
        Files.size(wal) <= limit, "the next commit started the log over: " + Files.size(wal));
    try (SQLiteConnection other = store.open(1, "acme");
        Statement s = other.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from t")) {
      rs.next();
      assertEquals(WalSync.CHECKPOINT_FRAMES + 102, rs.getInt(1), "every commit is there");
    }
  }

  @Test
  void aReaderThatStaysMakesTheCheckpointGiveUpAndTheNextOneSucceeds() throws Exception {
    try (SQLiteConnection reader = store.open(1, "acme");
        Statement r = reader.createStatement()) {
      r.execute("begin");
      try (ResultSet rs = r.executeQuery("select count(*) from t")) {
        rs.next();
      }
      overgrown = true;
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          query("insert into t values (1)"),
          "the commit is answered although the checkpoint could not finish");
      overgrown = false;
      query("insert into t values (2)");
      assertTrue(Files.size(wal) > limit, "the reader kept the log from starting over");
      r.execute("commit");
    }
    overgrown = true;
    query("insert into t values (3)");
    overgrown = false;
    query("insert into t values (4)");
    assertTrue(Files.size(wal) <= limit, "the reader is gone: the log started over");
  }

  private List<String> query(String... statements) throws Exception {
    session.start(List.of(statements));
    assertTrue(session.advance(out));
    return describe(out.drain());
  }
}
