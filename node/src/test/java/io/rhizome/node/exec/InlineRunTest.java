/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.Bind;
import io.rhizome.proto.Describe;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Target;
import io.rhizome.proto.Value;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * A request run where nothing may block (the gRPC transport thread, the gateway's event loop in
 * standalone): what runs there, what moves to a worker, and that a moved request goes on exactly
 * where it stopped, with every answer once.
 */
class InlineRunTest {
  /** Rows a recursive count walks: far past the inline budget before its one row. */
  private static final int SLOW_ROWS = 300_000;

  private static final String SLOW_COUNT =
      "with recursive c(n) as (select runs() union all select n + 1 from c where n < "
          + SLOW_ROWS
          + ") select count(*) from c";

  @TempDir Path data;
  private TenantStore store;
  private TenantSession session;
  private TenantSession reader;
  private final RecordingOutbound out = new RecordingOutbound();

  /** How often a statement calling {@code runs()} started executing. */
  private final AtomicInteger runs = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    store = TestStores.open(data, Duration.ofMillis(100));
    SQLiteConnection connection = store.open(1, "acme");
    Function.create(
        connection,
        "runs",
        new Function() {
          @Override
          protected void xFunc() throws SQLException {
            runs.incrementAndGet();
            result(1);
          }
        });
    session =
        new TenantSession(
            connection,
            new SqliteErrors(data.toString()),
            () -> {},
            store.lockdown().allowing(List.of("runs")));
    finish(List.of("create table kv (k integer primary key, v text)"));
    finish(List.of("insert into kv values (1, 'one'), (2, 'two')"));
  }

  @AfterEach
  void close() {
    session.close();
    if (reader != null) {
      reader.close();
    }
  }

  /** A second session on the tenant, for looking while the session under test is mid-request. */
  private TenantSession reader() throws Exception {
    if (reader == null) {
      reader =
          new TenantSession(
              store.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, store.lockdown());
    }
    return reader;
  }

  @Test
  void aPointReadRunsToItsReadyWithoutMoving() throws Exception {
    session.start(List.of("select v from kv where k = 2"));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(
        List.of("columns v:TEXT", "rows 1", "SELECT 1", "ready IDLE"), describe(out.drain()));
  }

  @Test
  void aWriteMovesBeforeItRunsAndRunsOnceWhereBlockingIsFine() throws Exception {
    session.start(List.of("insert into kv values (3, 'three')"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of(), out.drain(), "nothing ran where it must not block");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), describe(out.drain()));
    assertEquals(3L, count("select count(*) from kv"));
  }

  @Test
  void aQueryOfAReadThenAWriteAnswersTheReadThenMovesAndGoesOnInOrder() throws Exception {
    session.start(List.of("select 1", "insert into kv values (4, 'four')", "select 2"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of("columns 1:INT8", "rows 1", "SELECT 1"), describe(out.drain()));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(
        List.of("INSERT 0 1", "columns 2:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(out.drain()));
    assertEquals(3L, count("select count(*) from kv"));
  }

  @Test
  void aReadThatOverrunsTheBudgetBeforeAnsweringRunsAgainUnseenAndIsRemembered() throws Exception {
    session.start(List.of(SLOW_COUNT));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of(), out.drain(), "the stopped try answered nothing");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    List<SessionResponse> answered = out.drain();
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"), describe(answered));
    assertEquals(SLOW_ROWS, answered.get(1).getRows().getRows(0).getValues(0).getInteger());
    assertEquals(2, runs.get(), "stopped once where it must not block, then run on a worker");

    // The session remembers it: the next time it starts where blocking is fine.
    session.start(List.of(SLOW_COUNT));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(2, runs.get(), "not tried again where it must not block");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(3, runs.get());
    out.drain();
  }

  @Test
  void aLongResultMovesBetweenBatchesAndArrivesWholeAndInOrder() throws Exception {
    session.start(
        List.of(
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 100000)"
                + " select n from c"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    List<SessionResponse> first = out.drain();
    assertEquals(
        "columns n:INT8", describe(first.get(0)), "it had answered: it goes on, not again");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    List<SessionResponse> rest = out.drain();
    long expected = 1;
    for (SessionResponse r : concat(first, rest)) {
      for (Row row : r.getRows().getRowsList()) {
        assertEquals(expected++, row.getValues(0).getInteger());
      }
    }
    assertEquals(100_001, expected);
    assertEquals(
        List.of("SELECT 100000", "ready IDLE"),
        describe(rest.subList(rest.size() - 2, rest.size())));
  }

  @Test
  void aPreparedReadStoppedBeforeAnsweringRunsAgainWithItsBoundValues() throws Exception {
    session.start(
        Extended.newBuilder()
            .addSteps(
                step(
                    Parse.newBuilder()
                        .setName("s")
                        .setSql(
                            "with recursive c(n) as (select runs() union all select n + 1 from c"
                                + " where n < $1) select count(*) from c")))
            .addSteps(
                ExtendedStep.newBuilder()
                    .setBind(
                        Bind.newBuilder()
                            .setStatement("s")
                            .addParams(Value.newBuilder().setInteger(SLOW_ROWS))))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
            .setSync(true)
            .build());
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of("parsed", "bound"), describe(out.drain()));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    List<SessionResponse> answered = out.drain();
    // The description goes to the gateway with the first Execute of a portal (for its types).
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"), describe(answered));
    assertEquals(SLOW_ROWS, answered.get(1).getRows().getRows(0).getValues(0).getInteger());
    assertEquals(2, runs.get());
  }

  @Test
  void aPortalDescribeStoppedWhileReadingItsFirstRowsRunsAgainAndAnswersEveryRow()
      throws Exception {
    finish(
        List.of(
            "create table big (k integer primary key)",
            "insert into big with recursive c(n) as (select 1 union all select n + 1 from c"
                + " where n < 3000) select n from c"));
    // The first row is at hand at once; every later one scans the table: the budget runs out
    // while the Describe reads the first rows for their types, after the statement's first step.
    session.start(
        Extended.newBuilder()
            .addSteps(
                step(
                    Parse.newBuilder()
                        .setSql(
                            "with recursive c(n) as (select 1 union all select n + 1 from c"
                                + " where n < 20) select n, case when n = 1 then 0 else"
                                + " (select count(*) from big where big.k >= n) end from c")))
            .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
            .addSteps(
                ExtendedStep.newBuilder()
                    .setDescribe(Describe.newBuilder().setTarget(Target.TARGET_PORTAL)))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
            .setSync(true)
            .build());
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of("parsed", "bound"), describe(out.drain()));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    List<SessionResponse> answered = out.drain();
    assertEquals(
        "SELECT 20", describe(answered.get(answered.size() - 2)), describe(answered).toString());
    long rows = 0;
    for (SessionResponse r : answered) {
      for (Row row : r.getRows().getRowsList()) {
        rows++;
        assertEquals(rows == 1 ? 0 : 3001 - rows, row.getValues(1).getInteger());
      }
    }
    assertEquals(20, rows);
  }

  @Test
  void theSyncOfAnImplicitTransactionThatWroteMovesItsCommit() throws Exception {
    session.start(
        Extended.newBuilder()
            .addSteps(step(Parse.newBuilder().setSql("insert into kv values (5, 'five')")))
            .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
            .addSteps(step(Parse.newBuilder().setSql("select 1")))
            .build());
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(
        List.of("parsed", "bound", "INSERT 0 1", "parsed", "ready IN_TRANSACTION"),
        describe(out.drain()));
    session.start(Extended.newBuilder().setSync(true).build());
    assertEquals(
        Progress.MOVE, session.advance(out, Venue.SHARED_LOOP), "the commit writes to the disk");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(List.of("ready IDLE"), describe(out.drain()));
    assertEquals(3L, count("select count(*) from kv"));
  }

  @Test
  void anAutoCommitWriteRunsToItsReadyOnALoopThatServesNoOtherSession() throws Exception {
    session.start(List.of("insert into kv values (3, 'three')"));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), describe(out.drain()));
    session.start(List.of("update kv set v = 'THREE' where k = 3"));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
    assertEquals(List.of("UPDATE 1", "ready IDLE"), describe(out.drain()));
    session.start(List.of("delete from kv where k = 1"));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
    assertEquals(List.of("DELETE 1", "ready IDLE"), describe(out.drain()));
    assertEquals(2L, count("select count(*) from kv where v in ('two', 'THREE')"));
    assertEquals(2L, count("select count(*) from kv"));
  }

  @Test
  void aPreparedAutoCommitWriteRunsToItsReadyOnALoneLoop() throws Exception {
    session.start(
        Extended.newBuilder()
            .addSteps(
                step(Parse.newBuilder().setName("w").setSql("insert into kv values ($1, $2)")))
            .build());
    assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
    out.drain();
    for (int k = 10; k < 13; k++) {
      // libpq's prepared execution (pgbench -M prepared): Bind, Describe, Execute, Sync.
      session.start(
          Extended.newBuilder()
              .addSteps(
                  ExtendedStep.newBuilder()
                      .setBind(
                          Bind.newBuilder()
                              .setStatement("w")
                              .addParams(Value.newBuilder().setInteger(k))
                              .addParams(Value.newBuilder().setText("v" + k))))
              .addSteps(
                  ExtendedStep.newBuilder()
                      .setDescribe(Describe.newBuilder().setTarget(Target.TARGET_PORTAL)))
              .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
              .setSync(true)
              .build());
      assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
      assertEquals(List.of("bound", "no data", "INSERT 0 1", "ready IDLE"), describe(out.drain()));
    }
    assertEquals(5L, count("select count(*) from kv"));
  }

  @Test
  void onALoopThatOtherSessionsNeedAWriteStillMoves() throws Exception {
    session.start(List.of("insert into kv values (3, 'three')"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.SHARED_LOOP));
    assertEquals(List.of(), out.drain());
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), describe(out.drain()));
  }

  @Test
  void onALoneLoopWritesInsideATransactionMoveAndItsCommitDoesNot() throws Exception {
    session.start(List.of("begin"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP), "BEGIN moves");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    session.start(List.of("insert into kv values (3, 'three')"));
    assertEquals(
        Progress.MOVE,
        session.advance(out, Venue.LONE_LOOP),
        "inside a transaction a stopped write would roll back what came before it");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    session.start(List.of("commit"));
    assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
    assertEquals(
        List.of(
            "BEGIN",
            "ready IN_TRANSACTION",
            "INSERT 0 1",
            "ready IN_TRANSACTION",
            "COMMIT",
            "ready IDLE"),
        describe(out.drain()));

    // Several statements of one Query are one implicit transaction: the write moves.
    session.start(List.of("insert into kv values (4, 'four')", "select 1"));
    assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP));
    assertEquals(List.of(), out.drain());
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    out.drain();
    assertEquals(4L, count("select count(*) from kv"));
  }

  @Test
  void aWriteThatMeetsTheWriteLockMovesHavingChangedNothingAndSucceedsOnAWorker() throws Exception {
    TenantSession holder =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, store.lockdown());
    try {
      holder.start(List.of("begin", "insert into kv values (7, 'seven')"));
      assertTrue(holder.advance(out));
      assertEquals(List.of("BEGIN", "INSERT 0 1", "ready IN_TRANSACTION"), describe(out.drain()));

      session.start(List.of("insert into kv (v) select 'after ' || count(*) from kv"));
      assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP), "it met the lock");
      assertEquals(List.of(), out.drain(), "nothing answered");
      assertEquals(2L, count(reader(), "select count(*) from kv"), "nothing written");

      holder.start(List.of("commit"));
      assertTrue(holder.advance(out));
      out.drain();
      assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
      assertEquals(List.of("INSERT 0 1", "ready IDLE"), describe(out.drain()));
      assertEquals(
          1L, count("select count(*) from kv where v = 'after 3'"), "ran once, after the commit");

      // Where one session met the lock others write too: for a while (InlineBudget's lock
      // memory, whose end InlineBudgetTest steps to) its writes go to a worker without a try
      // that would likely fail again, though the lock is free now.
      session.start(List.of("insert into kv (v) select 'after ' || count(*) from kv"));
      assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP));
      assertEquals(List.of(), out.drain());
      assertEquals(4L, count(reader(), "select count(*) from kv"), "not tried inline");
      assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
      out.drain();
      assertEquals(5L, count("select count(*) from kv"));
      // Reads still run where they arrive.
      session.start(List.of("select count(*) from kv"));
      assertEquals(Progress.FINISHED, session.advance(out, Venue.LONE_LOOP));
      out.drain();
    } finally {
      holder.close();
    }
  }

  @Test
  void aWriteThatOverrunsTheBudgetRollsBackWholeRunsOnceOnAWorkerAndIsRemembered()
      throws Exception {
    String longInsert =
        "insert into kv (v) with recursive c(n) as (select runs() union all select n + 1 from c"
            + " where n < 20000) select 'many' from c";
    session.start(List.of(longInsert));
    assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP));
    assertEquals(List.of(), out.drain(), "the stopped try answered nothing");
    assertEquals(1, runs.get());
    assertEquals(
        0L, count(reader(), "select count(*) from kv where v = 'many'"), "and left nothing");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(List.of("INSERT 0 20000", "ready IDLE"), describe(out.drain()));
    assertEquals(2, runs.get(), "run again from its start, once");
    assertEquals(20_000L, count("select count(*) from kv where v = 'many'"));

    session.start(List.of(longInsert));
    assertEquals(Progress.MOVE, session.advance(out, Venue.LONE_LOOP));
    assertEquals(2, runs.get(), "remembered: not tried again where it must not block");
    assertEquals(Progress.FINISHED, session.advance(out, Venue.WORKER));
    assertEquals(List.of("INSERT 0 20000", "ready IDLE"), describe(out.drain()));
    assertEquals(40_000L, count("select count(*) from kv where v = 'many'"));
  }

  @Test
  void onALoneLoopAWriteWhoseCommitWaitsForReplicasMovesBeforeItRuns() throws Exception {
    int[] committedInline = new int[1];
    boolean[] inlineNow = new boolean[1];
    WriteFence replicated =
        new WriteFence() {
          @Override
          public void check() {}

          @Override
          public boolean committed() {
            if (inlineNow[0]) {
              committedInline[0]++;
            }
            return false;
          }

          @Override
          public boolean commitsWait() {
            return true;
          }
        };
    TenantSession writer =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), replicated, store.lockdown());
    try {
      for (String sql :
          List.of("insert into kv values (8, 'eight')", "begin", "delete from kv", "commit")) {
        writer.start(List.of(sql));
        inlineNow[0] = true;
        assertEquals(Progress.MOVE, writer.advance(out, Venue.LONE_LOOP), sql);
        inlineNow[0] = false;
        assertEquals(Progress.FINISHED, writer.advance(out, Venue.WORKER));
      }
      assertEquals(
          List.of(
              "INSERT 0 1",
              "ready IDLE",
              "BEGIN",
              "ready IN_TRANSACTION",
              "DELETE 3",
              "ready IN_TRANSACTION",
              "COMMIT",
              "ready IDLE"),
          describe(out.drain()));
      assertEquals(0, committedInline[0]);
    } finally {
      writer.close();
    }
  }

  /**
   * Every commit that wrote tells the write fence, which on a replicated shard waits for the
   * followers' acknowledgements (docs/replication.md): that wait must never happen where nothing
   * may block. Each kind of commit point is driven as SessionCall drives it (inline first, then on
   * a worker after MOVE); the fence counts the calls and those made inline.
   */
  @Test
  void everyCommitPointTellsTheWriteFenceOnlyWhereBlockingIsFine() throws Exception {
    int[] committed = new int[2]; // [all calls, calls made inline]
    boolean[] inlineNow = new boolean[1];
    WriteFence fence =
        new WriteFence() {
          @Override
          public void check() {}

          @Override
          public boolean committed() {
            committed[0]++;
            if (inlineNow[0]) {
              committed[1]++;
            }
            return false;
          }
        };
    // A sequence, as the gateway's translation of CREATE SEQUENCE ids writes it.
    finish(
        List.of(
            "insert into rhizome_sequences values ('ids', 1, 1, 1, 1, 9223372036854775807, 0, 0)"));
    TenantSession replicated =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), fence, store.lockdown());
    Extended insertReturningTwoRows =
        Extended.newBuilder()
            .addSteps(
                step(
                    Parse.newBuilder()
                        .setSql("insert into kv (v) values ('a'), ('b') returning k")))
            .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.newBuilder().setMaxRows(1)))
            .setSync(true)
            .build();
    Extended implicitTransaction =
        Extended.newBuilder()
            .addSteps(step(Parse.newBuilder().setSql("insert into kv (v) values ('c')")))
            .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
            .addSteps(ExtendedStep.newBuilder().setBind(Bind.getDefaultInstance()))
            .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
            .build();
    List<Runnable> requests =
        List.of(
            () -> replicated.start(List.of("insert into kv (v) values ('auto-commit')")),
            () -> replicated.start(List.of("select 1", "insert into kv (v) values ('x')")),
            () -> replicated.start(List.of("begin", "insert into kv (v) values ('y')")),
            () -> replicated.start(List.of("commit")),
            () -> replicated.start(insertReturningTwoRows),
            () -> replicated.start(implicitTransaction),
            () -> replicated.start(Extended.newBuilder().setSync(true).build()),
            () -> replicated.start(List.of("savepoint s", "delete from kv where v = 'x'")),
            () -> replicated.start(List.of("release s")),
            () -> replicated.start(List.of("select nextval('ids')")));
    try {
      for (Runnable request : requests) {
        request.run();
        inlineNow[0] = true;
        Progress progress = replicated.advance(out, Venue.SHARED_LOOP);
        inlineNow[0] = false;
        if (progress == Progress.MOVE) {
          progress = replicated.advance(out, Venue.WORKER);
        }
        assertEquals(Progress.FINISHED, progress);
        out.drain();
      }
    } finally {
      replicated.close();
    }
    // auto-commit, implicit, COMMIT, suspended auto-commit portal at its sync, implicit (extended),
    // RELEASE of the savepoint that opened the transaction, an auto-commit sequence advance
    assertEquals(7, committed[0], "each commit that wrote told the fence once");
    assertEquals(0, committed[1], "none of them where nothing may block");
  }

  private static ExtendedStep step(Parse.Builder parse) {
    return ExtendedStep.newBuilder().setParse(parse).build();
  }

  private static List<SessionResponse> concat(List<SessionResponse> a, List<SessionResponse> b) {
    List<SessionResponse> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private void finish(List<String> statements) throws FencedException {
    session.start(statements);
    assertTrue(session.advance(out));
    out.drain();
  }

  private long count(String sql) throws FencedException {
    return count(session, sql);
  }

  private long count(TenantSession on, String sql) throws FencedException {
    on.start(List.of(sql));
    assertTrue(on.advance(out));
    return out.drain().get(1).getRows().getRows(0).getValues(0).getInteger();
  }
}
