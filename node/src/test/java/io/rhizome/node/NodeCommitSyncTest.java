/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a shard with one copy, the session syncs the WAL of each commit that wrote, and only those.
 */
class NodeCommitSyncTest extends NodeFixture {
  @Test
  void eachCommitThatWroteIsSyncedBeforeItIsAnswered() throws Exception {
    SessionClient acme = session("acme");
    acme.query("create table t (v text)");
    assertEquals(1, node.groupCommit().commits());
    acme.query("insert into t values ('a')");
    acme.query("begin", "insert into t values ('b')", "insert into t values ('c')", "commit");
    assertEquals(3, node.groupCommit().commits(), "a transaction is synced once, at its COMMIT");
    assertEquals(
        List.of("columns v:TEXT", "rows 3", "SELECT 3", "ready IDLE"),
        describe(acme.query("select v from t")));
    acme.query("begin", "insert into t values ('d')", "rollback");
    assertEquals(3, node.groupCommit().commits(), "reads and rollbacks commit nothing");
    assertEquals(3, node.groupCommit().syncs(), "one writer: a sync each");
  }
}
