/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.TwoNodes;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.Bind;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponse.KindCase;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.UserRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-routing decorator as the session sees it, one request and one response at a time: a
 * recording session on its own event loop, over {@link TenantDatabase} and real nodes ({@link
 * TwoNodes}) whose shard placement the test moves.
 */
class ReroutingSessionTest {
  @TempDir Path dir;

  private TwoNodes nodes;
  private ExecutorService blocking;
  private ScheduledExecutorService loop;
  private TenantRecord tenant;
  private final Session session = new Session();
  private StatementBackend backend;

  /** The session's side: checks that nothing arrives beyond what it asked for. */
  private static final class Session implements BackendListener {
    final List<SessionResponse> responses = new CopyOnWriteArrayList<>();
    final AtomicInteger requested = new AtomicInteger();
    final AtomicReference<PgException> failure = new AtomicReference<>();
    final AtomicReference<String> violation = new AtomicReference<>();

    @Override
    public void onResponse(SessionResponse response) {
      responses.add(response);
      if (responses.size() > requested.get()) {
        violation.compareAndSet(
            null, "response " + responses.size() + " with " + requested.get() + " requested");
      }
    }

    @Override
    public void onFailure(PgException failed) {
      failure.set(failed);
    }
  }

  @BeforeEach
  void start() throws Exception {
    nodes = new TwoNodes(dir);
    blocking = Executors.newCachedThreadPool();
    loop = Executors.newSingleThreadScheduledExecutor();
    tenant =
        nodes.topology.createTenant(
            "acme", UserRecord.newBuilder().setFormat(1).setName("app").build());
    nodes.move(tenant.getShard(), "n1");
    TenantDatabase database =
        new TenantDatabase(
            tenant,
            "app",
            io.rhizome.gateway.pg.session.SessionOrigin.UNKNOWN,
            nodes.topology,
            nodes.channels,
            new ShardRefreshes(nodes.topology::refreshShard, blocking),
            TenantDatabase.ROUTE_WINDOW);
    backend = onLoop(() -> database.connect(session, loop)).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    onLoop(
        () -> {
          backend.close();
          return null;
        });
    loop.shutdown();
    blocking.shutdown();
    nodes.close();
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(10, TimeUnit.SECONDS);
  }

  private void moveTo(String nodeId) {
    nodes.move(tenant.getShard(), nodeId);
  }

  private void query(String sql) throws Exception {
    onLoop(
        () -> {
          backend.execute(List.of(sql));
          return null;
        });
  }

  private void extended(Extended request) throws Exception {
    onLoop(
        () -> {
          backend.execute(request);
          return null;
        });
  }

  /** Asks for one more response and returns it once it came. */
  private SessionResponse next() throws Exception {
    int before = session.responses.size();
    session.requested.incrementAndGet();
    onLoop(
        () -> {
          backend.request();
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (session.responses.size() <= before) {
      if (session.failure.get() != null) {
        throw session.failure.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no response " + (before + 1));
      }
      LockSupport.parkNanos(200_000);
    }
    return session.responses.get(before);
  }

  /** Asks for responses one at a time until a Ready; returns their kinds. */
  private List<KindCase> untilReady() throws Exception {
    List<KindCase> kinds = new ArrayList<>();
    SessionResponse response;
    do {
      response = next();
      kinds.add(response.getKindCase());
    } while (!response.hasReady());
    return kinds;
  }

  private static ExtendedStep parse(String name, String sql) {
    return ExtendedStep.newBuilder().setParse(Parse.newBuilder().setName(name).setSql(sql)).build();
  }

  private static ExtendedStep bind(String statement) {
    return ExtendedStep.newBuilder().setBind(Bind.newBuilder().setStatement(statement)).build();
  }

  private static ExtendedStep execute() {
    return ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()).build();
  }

  private static Extended run(boolean sync, ExtendedStep... steps) {
    return Extended.newBuilder().addAllSteps(List.of(steps)).setSync(sync).build();
  }

  @Test
  void aRefusedStatementRunsOnTheNewOwnerAndSpendsNoDemandOnWhatItSwallows() throws Exception {
    query("create table t (a int)");
    assertEquals(List.of(KindCase.COMMAND_COMPLETE, KindCase.READY), untilReady());
    moveTo("n2");
    // n1 refuses the write; n2 runs it (the table is new there).
    query("create table t (a int)");
    assertEquals(List.of(KindCase.COMMAND_COMPLETE, KindCase.READY), untilReady());
    extended(run(true, parse("ins", "insert into t values (1)")));
    assertEquals(List.of(KindCase.PARSE_COMPLETE, KindCase.READY), untilReady());

    moveTo("n1");
    extended(run(true, bind("ins"), execute()));
    // BindComplete reaches the session before n2 refuses the Execute; on n1 the statement is
    // prepared again, the request sent again, and its repeated BindComplete skipped.
    SessionResponse bound = next();
    assertEquals(KindCase.BIND_COMPLETE, bound.getKindCase());
    SessionResponse done = next();
    assertEquals("INSERT 0 1", done.getCommandComplete().getTag());
    assertEquals(TxStatus.IDLE, next().getReady().getStatus());

    query("select count(*) from t");
    assertEquals(
        List.of(KindCase.ROW_DESCRIPTION, KindCase.ROWS, KindCase.COMMAND_COMPLETE, KindCase.READY),
        untilReady());
    RowBatch count = session.responses.get(session.responses.size() - 3).getRows();
    assertEquals(1, EncodedRows.rows(count).get(0).getValues(0).getInteger(), "n1 ran the insert");
    assertNull(session.violation.get());
    assertNull(session.failure.get());
  }

  @Test
  void aRequestAfterOneWithoutSyncIsNotSentAgainButEndsWithAReadyAndANewSession() throws Exception {
    query("create table t (a int)");
    untilReady();
    extended(run(false, parse("", "insert into t values (1)"), bind(""), execute()));
    assertEquals(
        List.of(
            KindCase.PARSE_COMPLETE,
            KindCase.BIND_COMPLETE,
            KindCase.COMMAND_COMPLETE,
            KindCase.READY),
        untilReady());
    moveTo("n2");
    extended(run(true, parse("", "insert into t values (2)"), bind(""), execute()));
    List<SessionResponse> before = List.copyOf(session.responses);
    List<KindCase> kinds = untilReady();
    assertEquals(
        List.of(KindCase.PARSE_COMPLETE, KindCase.BIND_COMPLETE, KindCase.ERROR, KindCase.READY),
        kinds);
    SessionResponse error = session.responses.get(before.size() + 2);
    assertTrue(error.getError().hasWrongDbServer());
    assertEquals(
        TxStatus.IDLE, session.responses.get(session.responses.size() - 1).getReady().getStatus());

    // The next request opens a session on n2, where the table does not exist yet.
    query("create table t (a int)");
    assertEquals(List.of(KindCase.COMMAND_COMPLETE, KindCase.READY), untilReady());
    assertNull(session.violation.get());
    assertNull(session.failure.get());
  }

  @Test
  void aTransactionCutByAMoveGets40001ThenAReadyAndTheNextRequestRunsOnTheNewOwner()
      throws Exception {
    query("create table t (a int)");
    untilReady();
    query("begin");
    assertEquals(List.of(KindCase.COMMAND_COMPLETE, KindCase.READY), untilReady());
    moveTo("n2");
    query("insert into t values (1)");
    SessionResponse error = next();
    assertEquals(SqlState.SERIALIZATION_FAILURE.code(), error.getError().getSqlstate());
    assertEquals(TxStatus.IDLE, next().getReady().getStatus());
    query("create table t (a int)");
    assertEquals(List.of(KindCase.COMMAND_COMPLETE, KindCase.READY), untilReady());
    assertNull(session.violation.get());
  }
}
