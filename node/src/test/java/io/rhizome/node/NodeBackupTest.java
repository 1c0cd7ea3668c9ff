/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.RestoreChunk;
import io.rhizome.proto.RestoreTenantResponse;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeBackupTest extends NodeFixture {
  private static final int ROWS_PER_TRANSACTION = 3;
  private static final long MAX_DB_BYTES = 4L * 1024 * 1024;

  @Override
  TenantQuotas quotas() {
    return new TenantQuotas(MAX_DB_BYTES, Duration.ofSeconds(30));
  }

  @Test
  void backupWhileAnotherConnectionCommitsHoldsAPrefixOfWholeTransactions() throws Exception {
    TenantRecord acme = tenant("acme");
    session("acme").query("create table t (txn int, k int, pad blob)");
    Path file = tenantFile(acme);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger committed = new AtomicInteger();
    CountDownLatch warmedUp = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                  Statement st = c.createStatement()) {
                st.execute("pragma busy_timeout = 10000");
                for (int txn = 1; !stop.get(); txn++) {
                  st.execute("begin immediate");
                  for (int k = 0; k < ROWS_PER_TRANSACTION; k++) {
                    st.execute("insert into t values (" + txn + ", " + k + ", randomblob(200))");
                  }
                  st.execute("commit");
                  if (committed.incrementAndGet() == 200) {
                    warmedUp.countDown();
                  }
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(warmedUp.await(30, TimeUnit.SECONDS));
    int before = committed.get();
    byte[] backup = backup("acme", acme);
    int after = committed.get();
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);
    assertTrue(after > before, "the writer kept committing during the backup");

    Path copy = data.resolve("copy.db");
    Files.write(copy, backup);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement()) {
      assertEquals("ok", single(st, "pragma integrity_check"));
      int transactions = Integer.parseInt(single(st, "select count(distinct txn) from t"));
      assertTrue(transactions >= before, transactions + " >= " + before);
      assertEquals(
          Integer.toString(transactions), single(st, "select coalesce(max(txn), 0) from t"));
      assertEquals(
          "0",
          single(
              st,
              "select count(*) from (select txn from t group by txn having count(*) != "
                  + ROWS_PER_TRANSACTION
                  + ")"));
    }
    assertTempDirEmpty();
  }

  @Test
  void restoreReplacesTheTenantsFilesAndTrashesTheOldOnes() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)", "insert into t values (1)");
    byte[] backup = backup("acme", acme);
    client.query("insert into t values (2)", "insert into t values (3)");
    client.halfClose();
    client.awaitEnd();

    RestoreTenantResponse restored = restore("acme", acme, backup, false).get(10, TimeUnit.SECONDS);

    assertEquals(backup.length, restored.getSizeBytes());
    assertTrue(Files.exists(data.resolve(restored.getTrashedAs())));
    assertEquals("1", query(tenantFile(acme), "select group_concat(a) from t"));
    assertEquals(
        "1,2,3", query(data.resolve(restored.getTrashedAs()), "select group_concat(a) from t"));
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"),
        describe(session("acme").query("insert into t values (4)")));
    assertTempDirEmpty();
  }

  @Test
  void restoreIsRefusedWhileSessionsAreOpenUnlessForced() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)", "insert into t values (1)");
    byte[] backup = backup("acme", acme);
    client.query("insert into t values (2)");

    assertEquals(
        Status.Code.FAILED_PRECONDITION, failure(restore("acme", acme, backup, false)).getCode());
    assertEquals("1,2", query(tenantFile(acme), "select group_concat(a) from t"));

    restore("acme", acme, backup, true).get(10, TimeUnit.SECONDS);
    List<SessionResponse> end = client.untilReadyOrEnd();
    assertEquals(List.of("error " + SqlState.ADMIN_SHUTDOWN.code()), describe(end));
    assertEquals("1", query(tenantFile(acme), "select group_concat(a) from t"));
    assertTempDirEmpty();
  }

  @Test
  void restoreRejectsAFileThatIsNotASoundDatabase() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)", "insert into t values (1)");
    client.halfClose();
    client.awaitEnd();
    byte[] garbage = new byte[100_000];
    new Random(1).nextBytes(garbage);

    Status notADatabase = failure(restore("acme", acme, garbage, true));
    assertEquals(Status.Code.INVALID_ARGUMENT, notADatabase.getCode());

    byte[] truncated = Arrays.copyOf(backup("acme", acme), 4096 + 100);
    assertEquals(
        Status.Code.INVALID_ARGUMENT, failure(restore("acme", acme, truncated, true)).getCode());
    byte[] tooLarge = new byte[(int) MAX_DB_BYTES + 1];
    assertEquals(
        Status.Code.RESOURCE_EXHAUSTED, failure(restore("acme", acme, tooLarge, true)).getCode());
    assertEquals("1", query(tenantFile(acme), "select group_concat(a) from t"));
    assertTempDirEmpty();
  }

  @Test
  void backupOfATenantWithoutAFileIsNotFoundAndAnotherEpochIsRefused() throws Exception {
    TenantRecord acme = tenant("acme");
    StatusRuntimeException none =
        assertThrows(StatusRuntimeException.class, () -> backup("acme", acme));
    assertEquals(Status.Code.NOT_FOUND, none.getStatus().getCode());
    session("acme");
    StatusRuntimeException wrongEpoch =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                NodeAdminGrpc.newBlockingStub(channel)
                    .backupTenant(
                        BackupTenantRequest.newBuilder()
                            .setTenant("acme")
                            .setShard(acme.getShard())
                            .setEpoch(99)
                            .build())
                    .hasNext());
    assertEquals(Status.Code.FAILED_PRECONDITION, wrongEpoch.getStatus().getCode());
  }

  private byte[] backup(String tenant, TenantRecord record) {
    Iterator<BackupChunk> chunks =
        NodeAdminGrpc.newBlockingStub(channel)
            .backupTenant(
                BackupTenantRequest.newBuilder()
                    .setTenant(tenant)
                    .setShard(record.getShard())
                    .setEpoch(epoch(record.getShard()))
                    .build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEachRemaining(chunk -> out.writeBytes(chunk.getData().toByteArray()));
    return out.toByteArray();
  }

  private CompletableFuture<RestoreTenantResponse> restore(
      String tenant, TenantRecord record, byte[] file, boolean force) {
    CompletableFuture<RestoreTenantResponse> result = new CompletableFuture<>();
    StreamObserver<RestoreChunk> requests =
        NodeAdminGrpc.newStub(channel)
            .restoreTenant(
                new StreamObserver<>() {
                  @Override
                  public void onNext(RestoreTenantResponse value) {
                    result.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    result.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    int chunk = 64 * 1024;
    for (int offset = 0; offset < file.length || offset == 0; offset += chunk) {
      RestoreChunk.Builder message =
          RestoreChunk.newBuilder()
              .setData(ByteString.copyFrom(file, offset, Math.min(chunk, file.length - offset)));
      if (offset == 0) {
        message
            .setTenant(tenant)
            .setShard(record.getShard())
            .setEpoch(epoch(record.getShard()))
            .setForce(force);
      }
      requests.onNext(message.build());
    }
    requests.onCompleted();
    return result;
  }

  private static Status failure(CompletableFuture<?> call) throws Exception {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
    return Status.fromThrowable(e.getCause());
  }

  private Path tenantFile(TenantRecord record) {
    return data.resolve("shards/" + record.getShard() + "/acme.db");
  }

  private void assertTempDirEmpty() throws Exception {
    try (var files = Files.list(data.resolve("backup-tmp"))) {
      assertEquals(List.of(), files.toList());
    }
  }

  private static String query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      return single(st, sql);
    }
  }

  private static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
