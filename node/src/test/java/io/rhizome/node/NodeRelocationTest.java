/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.node.functions.ExampleFunctions;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.Query;
import io.rhizome.proto.RelocateTenantRequest;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tenant that shares its shard relocated onto a private shard of its own on the same node (MOVE
 * TENANT's first step): the files are renamed, never recreated empty.
 */
@Timeout(60)
class NodeRelocationTest extends ShardMoveFixture {

  @Test
  void theTenantsDataIsAtThePrivateShardAndItsSessionsAreSentToRetry() throws Exception {
    TenantRecord a = tenant("a");
    String sibling = sameShardAs(a.getShard());
    int shared = a.getShard();
    long epoch = epoch(shared);
    SessionClient writer = session("a");
    writer.query("create table t (a int)", "insert into t values (1), (2), (3)");
    SessionClient neighbour = session(sibling);
    neighbour.query("create table u (b int)");

    TenantRecord relocating = topology.beginRelocation("a");
    int to = relocating.getRelocatingToShard();
    admin().relocateTenant(request(relocating, epoch));

    // The open session ended with the retryable refusal the gateway waits on.
    List<SessionResponse> end = writer.untilReadyOrEnd();
    assertEquals(List.of(refusal(shared, epoch)), describe(end));
    assertTrue(end.get(0).getError().getWrongDbServer().getFrozen());
    TenantRecord moved = topology.tenant("a").orElseThrow();
    assertEquals(to, moved.getShard());
    assertEquals(0, moved.getRelocatingToShard());
    assertFalse(Files.exists(data.resolve("shards/" + shared + "/a.db")));
    assertEquals("3", read(tenantFile(moved), "select count(*) from t"));
    SessionClient again = session("a");
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(again.query("select count(*) from t")));
    // The tenant that stays on the shared shard was not disturbed.
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(neighbour.query("insert into u values (1)")));
    // Idempotent: asked again, it is done.
    admin().relocateTenant(request(relocating, epoch));
    assertEquals(moved, topology.tenant("a").orElseThrow());
  }

  @Test
  void aWriteRunningWhenItsSessionIsSentToRetryAnswersTheRefusalNotACancel() throws Exception {
    TenantRecord a = tenant("a");
    int shared = a.getShard();
    long epoch = epoch(shared);
    SessionClient writer = session("a");
    writer.query("create table t (n int)");
    ExampleFunctions.RUNNING.drainPermits();
    writer.send(
        SessionRequest.newBuilder()
            .setQuery(
                Query.newBuilder()
                    .addStatements(
                        "insert into t with recursive c(n) as (select 1 union all select n + 1"
                            + " from c where n < 50000000) select note_running(n) from c"))
            .build());
    assertTrue(ExampleFunctions.RUNNING.tryAcquire(10, TimeUnit.SECONDS), "the insert runs");

    admin().relocateTenant(request(topology.beginRelocation("a"), epoch));

    // SQLite rolled the insert back; its answer is the refusal the gateway retries elsewhere.
    // Whether its Ready still goes out before the session's end closes the stream is a race (the
    // statement's thread against the relocation's); the gateway retries on the refusal either way.
    List<SessionResponse> end = writer.untilReadyOrEnd();
    String refusal = refusal(shared, epoch);
    List<String> answers = describe(end);
    assertTrue(
        answers.equals(List.of(refusal, "ready IDLE")) || answers.equals(List.of(refusal)),
        answers::toString);
    assertTrue(end.get(0).getError().getWrongDbServer().getFrozen());
    assertEquals(Status.Code.OK, writer.awaitEnd().getCode());
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(session("a").query("select count(*) from t")));
    assertEquals(
        "0", read(tenantFile(topology.tenant("a").orElseThrow()), "select count(*) from t"));
  }

  @Test
  void aRecordLeftRelocatingIsFinishedByTheNextOpenWhichIsRefusedRetryably() throws Exception {
    TenantRecord a = tenant("a");
    int shared = a.getShard();
    long epoch = epoch(shared);
    Path before = data.resolve("shards/" + shared + "/a.db");
    writeDirectly(before, "create table t (a int)", "insert into t values (7)");

    int to = topology.beginRelocation("a").getRelocatingToShard();
    SessionClient refused = connect();
    List<SessionResponse> answer = refused.open("a", shared, epoch);

    assertEquals(List.of(refusal(shared, epoch)), describe(answer));
    assertTrue(answer.get(0).getError().getWrongDbServer().getFrozen());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> topology.tenant("a").orElseThrow().getShard() == to);
    assertFalse(Files.exists(before), "no file may be (re)created at the old shard");
    assertEquals("7", read(data.resolve("shards/" + to + "/a.db"), "select a from t"));
    assertEquals(
        List.of("columns a:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(session("a").query("select a from t")));
  }

  @Test
  void filesRenamedButNotRecordedAreFoundRenamedAndRecorded() throws Exception {
    TenantRecord a = tenant("a");
    int shared = a.getShard();
    long epoch = epoch(shared);
    Path before = data.resolve("shards/" + shared + "/a.db");
    writeDirectly(before, "create table t (a int)", "insert into t values (8)");
    TenantRecord relocating = topology.beginRelocation("a");
    int to = relocating.getRelocatingToShard();
    // A crash after the rename, before the record: the files are at the private shard.
    Path after = data.resolve("shards/" + to + "/a.db");
    Files.createDirectories(after.getParent());
    Files.move(before, after);

    SessionClient refused = connect();
    assertEquals(List.of(refusal(shared, epoch)), describe(refused.open("a", shared, epoch)));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> topology.tenant("a").orElseThrow().getShard() == to);

    assertFalse(Files.exists(before), "no file may be (re)created at the old shard");
    assertEquals(
        List.of("columns a:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(session("a").query("select a from t")));
  }

  @Test
  void aBackupWhileRelocatingIsRefused() throws Exception {
    TenantRecord a = tenant("a");
    long epoch = epoch(a.getShard());
    topology.beginRelocation("a");

    StatusRuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                admin()
                    .backupTenant(
                        BackupTenantRequest.newBuilder()
                            .setTenant("a")
                            .setShard(a.getShard())
                            .setEpoch(epoch)
                            .build())
                    .hasNext());
    assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
    assertFalse(Files.exists(data.resolve("shards/" + a.getShard() + "/a.db")));
  }

  @Test
  void aRequestForAnotherRelocationIsRefused() throws Exception {
    TenantRecord a = tenant("a");
    long epoch = epoch(a.getShard());

    StatusRuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                admin()
                    .relocateTenant(
                        RelocateTenantRequest.newBuilder()
                            .setTenant("a")
                            .setShard(a.getShard())
                            .setEpoch(epoch)
                            .setToShard(9)
                            .build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
    assertEquals(a, topology.tenant("a").orElseThrow());
  }

  private static RelocateTenantRequest request(TenantRecord relocating, long epoch) {
    return RelocateTenantRequest.newBuilder()
        .setTenant(relocating.getName())
        .setShard(relocating.getShard())
        .setEpoch(epoch)
        .setToShard(relocating.getRelocatingToShard())
        .build();
  }

  private String sameShardAs(int shard) {
    for (int i = 0; ; i++) {
      String name = "t" + i;
      if (!name.equals("a") && topology.shardOf(name) == shard) {
        return name;
      }
    }
  }

  private static void writeDirectly(Path file, String... statements) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  /**
   * How {@link #describe} shows the retryable refusal of a session on {@code shard} at {@code
   * epoch}.
   */
  private static String refusal(int shard, long epoch) {
    return "error "
        + SqlState.CANNOT_CONNECT_NOW.code()
        + " wrong("
        + shard
        + ","
        + epoch
        + ","
        + NODE_ID
        + ")";
  }
}
