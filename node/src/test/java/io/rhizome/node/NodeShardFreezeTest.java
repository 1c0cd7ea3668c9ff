/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.Bind;
import io.rhizome.proto.Error;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.Parse;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardTenant;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.ThawShardRequest;
import io.rhizome.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write freeze of a move's source, its write generations and the backup's checks. */
class NodeShardFreezeTest extends ShardMoveFixture {

  @Test
  void aFrozenShardRefusesWritesAndServesReads() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    SessionClient writer = session("acme");
    writer.query("create table t (a int)", "insert into t values (1)");
    SessionClient inTx = session("acme");
    assertEquals(
        List.of("BEGIN", "ready IN_TRANSACTION", "INSERT 0 1", "ready IN_TRANSACTION"),
        describe(concat(inTx.query("begin"), inTx.query("insert into t values (2)"))));

    Topology.Freeze freeze = freezeRecord(shard);
    ShardTenantsResponse frozen = admin().freezeShard(freezeRequest(freeze));
    assertEquals(
        List.of("acme"), frozen.getTenantsList().stream().map(t -> t.getTenant()).toList());

    List<SessionResponse> refused = writer.query("insert into t values (3)");
    assertEquals(
        List.of("error " + SqlState.CANNOT_CONNECT_NOW.code() + " wrong(" + shard + ",1,n1)"),
        describe(refused));
    Error error = refused.get(0).getError();
    assertTrue(error.getWrongDbServer().getFrozen());
    assertTrue(error.getMessage().contains("paused"), error.getMessage());
    writer.awaitEnd();

    SessionClient reader = session("acme");
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(reader.query("select count(*) from t")));

    List<SessionResponse> commit = inTx.query("commit");
    assertEquals(
        List.of("error " + SqlState.SERIALIZATION_FAILURE.code() + " wrong(" + shard + ",1,n1)"),
        describe(commit));
    inTx.awaitEnd();
    assertEquals("1", read(tenantFile(acme), "select group_concat(a) from t"));
  }

  @Test
  void anExtendedQueryWriteIsRefusedWhileFrozen() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    admin().freezeShard(freezeRequest(freezeRecord(acme.getShard())));

    client.send(
        SessionRequest.newBuilder()
            .setExtended(
                Extended.newBuilder()
                    .addSteps(
                        ExtendedStep.newBuilder()
                            .setParse(Parse.newBuilder().setSql("insert into t values (1)")))
                    .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
                    .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
                    .setSync(true))
            .build());

    List<SessionResponse> answer = client.untilReadyOrEnd();
    assertEquals(
        List.of(
            "parsed",
            "bound",
            "error " + SqlState.CANNOT_CONNECT_NOW.code() + " wrong(" + acme.getShard() + ",1,n1)"),
        describe(answer));
    assertTrue(answer.get(2).getError().getWrongDbServer().getFrozen());
    assertEquals("0", read(tenantFile(acme), "select count(*) from t"));
  }

  @Test
  void aFreezeRecordAloneFencesWritesAsAfterARestart() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient writer = session("acme");
    writer.query("create table t (a int)");

    freezeRecord(acme.getShard());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> topology.freeze(acme.getShard()).isPresent());
    List<SessionResponse> refused = writer.query("insert into t values (1)");
    assertTrue(
        refused.get(0).getError().getWrongDbServer().getFrozen(), describe(refused).toString());
  }

  @Test
  void theFreezeWaitsForARunningWriteAndAnswersItsGeneration() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    awaitGeneration(shard, 1);
    SessionClient slow = parkedWriter("acme", "insert into t values (1)");

    Topology.Freeze freeze = freezeRecord(shard);
    CompletableFuture<ShardTenantsResponse> answer = freezeAsync(freeze);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.frozenShards().contains(shard));
    assertTrue(frozenNow(session("acme")));
    assertFalse(answer.isDone(), "the parked write is still in progress");

    assertEquals("ready IDLE", finish(slow));
    ShardTenantsResponse frozen = answer.get(10, TimeUnit.SECONDS);

    ShardTenant entry = entry(frozen, "acme");
    assertEquals(2, entry.getGeneration());
    assertTrue(entry.getSizeBytes() > 0);
    assertEquals("1", read(tenantFile(acme), "select group_concat(a) from t"));
    assertEquals(frozen, admin().freezeShard(freezeRequest(freeze)), "idempotent");
  }

  /** Whether an insert of the session is refused as frozen (the session then ends). */
  private static boolean frozenNow(SessionClient client) throws Exception {
    List<SessionResponse> answer = client.query("insert into t values (2)");
    return answer.get(0).hasError() && answer.get(0).getError().getWrongDbServer().getFrozen();
  }

  @Test
  void generationsCountRequestsThatMayHaveWrittenNotReads() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    // A request's generation is bumped right after its Ready went out: the client may be quicker.
    awaitGeneration(shard, 1);
    String bootId = shardTenants(shard).getBootId();

    client.query("select * from t");
    client.query("insert into t values (1)");
    awaitGeneration(shard, 2);
    client.query("begin");
    client.query("insert into t values (2)");
    client.query("commit");
    awaitGeneration(shard, 4);

    // The select bumped nothing: each request is released before the next one starts.
    assertEquals(4, entry(shardTenants(shard), "acme").getGeneration());
    assertEquals(bootId, shardTenants(shard).getBootId());
    assertFalse(bootId.isEmpty());
  }

  private void awaitGeneration(int shard, long generation) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> entry(shardTenants(shard), "acme").getGeneration() >= generation);
    assertEquals(generation, entry(shardTenants(shard), "acme").getGeneration());
  }

  @Test
  void theBackupCarriesTheGenerationAndTheSha256OfItsData() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int, pad blob)");
    for (int i = 0; i < 20; i++) {
      client.query("insert into t values (" + i + ", randomblob(50000))");
    }
    awaitGeneration(acme.getShard(), 21);
    ShardTenantsResponse tenants = shardTenants(acme.getShard());

    List<BackupChunk> chunks = new ArrayList<>();
    admin()
        .backupTenant(
            BackupTenantRequest.newBuilder()
                .setTenant("acme")
                .setShard(acme.getShard())
                .setEpoch(epoch(acme.getShard()))
                .build())
        .forEachRemaining(chunks::add);

    assertTrue(chunks.size() > 2, "the file spans several chunks");
    BackupChunk first = chunks.get(0);
    assertEquals(entry(tenants, "acme").getGeneration(), first.getGeneration());
    assertEquals(tenants.getBootId(), first.getBootId());
    BackupChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.getData().isEmpty());
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    chunks.forEach(c -> data.writeBytes(c.getData().toByteArray()));
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(data.toByteArray()),
        last.getSha256().toByteArray());
    assertTrue(
        chunks.subList(0, chunks.size() - 1).stream().allMatch(c -> c.getSha256().isEmpty()));
  }

  @Test
  void thawShardLiftsTheFreeze() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    Topology.Freeze freeze = freezeRecord(shard);
    admin().freezeShard(freezeRequest(freeze));

    boolean owner =
        admin()
            .thawShard(
                ThawShardRequest.newBuilder()
                    .setShard(shard)
                    .setEpoch(freeze.record().getEpoch())
                    .setMoveId(freeze.record().getMoveId())
                    .build())
            .getOwner();

    assertTrue(owner);
    assertEquals(Optional.empty(), topology.refreshFreeze(shard));
    assertWrites("acme");
  }

  @Test
  void aFreezeWhoseRecordIsGoneEndsOnItsOwn() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    Topology.Freeze freeze = freezeRecord(shard);
    admin().freezeShard(freezeRequest(freeze));
    assertFalse(writeSucceeds("acme"));

    // The mover gives up: its lease goes, and the record with it.
    freeze.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> node.frozenShards().isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> topology.freeze(shard).isEmpty());
    assertWrites("acme");
  }

  @Test
  void aFreezeNeedsTheMovesRecordAtTheOwnedEpoch() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    FreezeShardRequest noRecord =
        FreezeShardRequest.newBuilder().setShard(shard).setEpoch(1).setMoveId("nomove").build();
    assertEquals(Status.Code.FAILED_PRECONDITION, code(noRecord));

    Topology.Freeze freeze = freezeRecord(shard);
    assertEquals(
        Status.Code.FAILED_PRECONDITION,
        code(freezeRequest(freeze).toBuilder().setMoveId("other").build()));
    assertEquals(
        Status.Code.FAILED_PRECONDITION,
        code(freezeRequest(freeze).toBuilder().setEpoch(7).build()));
    assertEquals(Set.of(), node.frozenShards());
  }

  private Status.Code code(FreezeShardRequest request) {
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> admin().freezeShard(request));
    return e.getStatus().getCode();
  }

  private static List<SessionResponse> concat(
      List<SessionResponse> first, List<SessionResponse> second) {
    List<SessionResponse> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
