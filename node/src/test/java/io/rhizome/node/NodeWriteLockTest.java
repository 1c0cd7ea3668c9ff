/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writers of one tenant serialize on SQLite's write lock for at most the busy timeout; readers go
 * on beside them (WAL).
 */
class NodeWriteLockTest extends NodeFixture {
  @Override
  Duration busyTimeout() {
    return Duration.ofMillis(300);
  }

  @Test
  void aSecondWriterGetsLockNotAvailableWhileAReaderSeesTheCommittedSnapshot() throws Exception {
    SessionClient writerA = session("acme");
    writerA.query("create table t (v int)", "insert into t values (1)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "ready IN_TRANSACTION"),
        describe(writerA.query("begin", "insert into t values (2)")));

    SessionClient writerB = session("acme");
    SessionClient readerC = session("acme");
    writerB.send(
        io.rhizome.proto.SessionRequest.newBuilder()
            .setQuery(io.rhizome.proto.Query.newBuilder().addStatements("insert into t values (3)"))
            .build());

    // A holds the write lock and has not committed: C reads the last committed state.
    assertEquals(
        List.of("columns count:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(readerC.query("select count(*) as count from t")));
    assertEquals(1, count(readerC));

    List<SessionResponse> busy = writerB.untilReadyOrEnd();
    assertEquals(
        List.of("error " + SqlState.LOCK_NOT_AVAILABLE.code(), "ready IDLE"), describe(busy));
    assertEquals(
        "could not obtain the database's write lock: another session holds it"
            + " (gave up after the busy timeout of 300 ms)",
        busy.get(0).getError().getMessage());

    assertEquals(List.of("COMMIT", "ready IDLE"), describe(writerA.query("commit")));
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(writerB.query("insert into t values (3)")));
    assertEquals(3, count(readerC));
  }

  @Test
  void aTransactionThatReadAnOlderSnapshotCannotWriteAndIsToldToRetry() throws Exception {
    SessionClient a = session("acme");
    a.query("create table t (v int)");
    SessionClient b = session("acme");
    assertEquals(
        List.of("BEGIN", "columns count:INT8", "rows 1", "SELECT 1", "ready IN_TRANSACTION"),
        describe(b.query("begin", "select count(*) as count from t")));
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(a.query("insert into t values (1)")));
    List<SessionResponse> stale = b.query("insert into t values (2)");
    assertEquals(
        List.of("error " + SqlState.SERIALIZATION_FAILURE.code(), "ready FAILED"), describe(stale));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(b.query("rollback")));
  }

  private static long count(SessionClient client) throws Exception {
    List<SessionResponse> answer = client.query("select count(*) from t");
    return answer.get(1).getRows().getRows(0).getValues(0).getInteger();
  }
}
