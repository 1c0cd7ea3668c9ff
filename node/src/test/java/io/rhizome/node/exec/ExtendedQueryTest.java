/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.Bind;
import io.rhizome.proto.Close;
import io.rhizome.proto.Describe;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Target;
import io.rhizome.proto.Value;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/** The extended query protocol against a real tenant file, at the level of session responses. */
class ExtendedQueryTest {
  @TempDir Path data;
  private TenantStore store;
  private final AtomicInteger fenceChecks = new AtomicInteger();
  private TenantSession session;
  private final RecordingOutbound out = new RecordingOutbound();

  @BeforeEach
  void open() throws Exception {
    store = TestStores.open(data, Duration.ofMillis(100));
    session =
        new TenantSession(
            store.open(1, "acme"),
            new SqliteErrors(data.toString()),
            fenceChecks::incrementAndGet,
            store.lockdown());
  }

  @AfterEach
  void close() {
    session.close();
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  private static ExtendedStep parse(String name, String sql, Integer... types) {
    return ExtendedStep.newBuilder()
        .setParse(Parse.newBuilder().setName(name).setSql(sql).addAllParamTypeOids(List.of(types)))
        .build();
  }

  private static ExtendedStep bind(String portal, String statement, Value... params) {
    return ExtendedStep.newBuilder()
        .setBind(
            Bind.newBuilder()
                .setPortal(portal)
                .setStatement(statement)
                .addAllParams(List.of(params)))
        .build();
  }

  private static ExtendedStep execute(String portal, int maxRows) {
    return ExtendedStep.newBuilder()
        .setExecute(Execute.newBuilder().setPortal(portal).setMaxRows(maxRows))
        .build();
  }

  private static ExtendedStep describeStatement(String name) {
    return ExtendedStep.newBuilder()
        .setDescribe(Describe.newBuilder().setTarget(Target.TARGET_STATEMENT).setName(name))
        .build();
  }

  private static ExtendedStep describePortal(String name) {
    return ExtendedStep.newBuilder()
        .setDescribe(Describe.newBuilder().setTarget(Target.TARGET_PORTAL).setName(name))
        .build();
  }

  private static ExtendedStep closeStatement(String name) {
    return ExtendedStep.newBuilder()
        .setClose(Close.newBuilder().setTarget(Target.TARGET_STATEMENT).setName(name))
        .build();
  }

  private static Value integer(long n) {
    return Value.newBuilder().setInteger(n).build();
  }

  private static Value text(String s) {
    return Value.newBuilder().setText(s).build();
  }

  private List<SessionResponse> run(boolean sync, ExtendedStep... steps) throws FencedException {
    session.start(Extended.newBuilder().addAllSteps(List.of(steps)).setSync(sync).build());
    assertTrue(session.advance(out), "an always-ready receiver lets the request finish");
    return out.drain();
  }

  private List<String> sync(ExtendedStep... steps) throws FencedException {
    return describe(run(true, steps));
  }

  private List<String> query(String... statements) throws FencedException {
    session.start(List.of(statements));
    assertTrue(session.advance(out));
    return describe(out.drain());
  }

  private static List<Long> integers(List<SessionResponse> responses) {
    List<Long> values = new ArrayList<>();
    for (SessionResponse r : responses) {
      for (Row row : r.getRows().getRowsList()) {
        values.add(row.getValues(0).getInteger());
      }
    }
    return values;
  }

  private void fillNumbers(int count) throws FencedException {
    query("create table t (n integer)");
    query(
        "with recursive c(n) as (select 1 union all select n + 1 from c where n < "
            + count
            + ") insert into t select n from c");
  }

  // -------------------------------------------------------------------------------------------
  // tests

  @Test
  void aParseOfTheSameTextAfterTheSchemaChangedDescribesTheNewColumns() throws Exception {
    query("create table t (a integer)");
    query("insert into t values (1)");
    assertEquals(
        List.of(
            "parsed",
            "parameters ",
            "columns a:INT8",
            "bound",
            "columns a:INT8",
            "rows 1",
            "SELECT 1",
            "ready IDLE"),
        sync(parse("", "select * from t"), describeStatement(""), bind("", ""), execute("", 0)));
    query("alter table t add column b text");
    // The unnamed statement's SQLite statement was kept for this text; the schema changed since.
    assertEquals(
        List.of(
            "parsed",
            "parameters ",
            "columns a:INT8,b:TEXT",
            "bound",
            "columns a:INT8,b:TEXT",
            "rows 1",
            "SELECT 1",
            "ready IDLE"),
        sync(parse("", "select * from t"), describeStatement(""), bind("", ""), execute("", 0)));
  }

  @Test
  void aKeptStatementOfTheCatalogFindsItsViewAgainAfterTheTransactionThatMadeItRolledBack()
      throws Exception {
    query("create table t (a integer)");
    String sql = "select relname from pg_class where relname = $1";
    List<String> expected =
        List.of(
            "parsed",
            "parameters 19", // name: the type of the column the parameter meets
            "columns relname:NAME",
            "bound",
            "columns relname:NAME",
            "rows 1",
            "SELECT 1",
            "ready IN_TRANSACTION");
    query("begin");
    // The view is created for the Parse, inside the client's transaction.
    assertEquals(
        expected,
        sync(parse("", sql), describeStatement(""), bind("", "", text("t")), execute("", 0)));
    query("rollback");
    query("begin");
    // The unnamed statement's SQLite statement was kept for this text with its verdict; the view
    // it reads went with the rollback and is made again when the kept verdict is admitted.
    assertEquals(
        expected,
        sync(parse("", sql), describeStatement(""), bind("", "", text("t")), execute("", 0)));
    query("rollback");
  }

  @Test
  void runsAnAlterTableSqliteLacksAsOnePreparedStatement() throws Exception {
    query("create table p (id integer primary key)", "create table c (p_id integer, v text)");
    query("insert into c values (1, null)");
    assertEquals(
        List.of("parsed", "parameters ", "no data", "bound", "ALTER TABLE", "ready IDLE"),
        sync(
            parse(
                "",
                "ALTER TABLE IF EXISTS c ALTER COLUMN v SET DEFAULT 'x', ADD CONSTRAINT c_fk"
                    + " FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID"),
            describeStatement(""),
            bind("", ""),
            execute("", 0)));
    assertEquals(
        List.of("parsed", "bound", "error 23503", "ready IDLE"),
        sync(
            parse("", "ALTER TABLE c DROP CONSTRAINT c_fk, ADD FOREIGN KEY (p_id) REFERENCES p"),
            bind("", ""),
            execute("", 0)));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), query("insert into c (p_id) values (null)"));
    assertEquals(
        List.of("columns v:TEXT", "rows 1", "SELECT 1", "ready IDLE"),
        query("select v from c where p_id is null"));
  }

  @Test
  void preparesBindsAndExecutesOneStatement() throws Exception {
    assertEquals(
        List.of("parsed", "bound", "columns answer:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        sync(parse("", "select 42 as answer"), bind("", ""), describePortal(""), execute("", 0)));
  }

  @Test
  void bindsDollarParametersByTheirNumber() throws Exception {
    List<SessionResponse> responses =
        run(
            true,
            parse("", "select $2 as a, $1 as b, $1 * 2 as c"),
            describeStatement(""),
            bind("", "", integer(21), text("x")),
            execute("", 0));
    assertEquals(
        List.of(
            "parsed",
            "parameters 25,25",
            "columns a:TEXT,b:TEXT,c:TEXT",
            "bound",
            "columns a:TEXT,b:TEXT,c:TEXT",
            "rows 1",
            "SELECT 1",
            "ready IDLE"),
        describe(responses));
    Row row = responses.get(5).getRows().getRows(0);
    assertEquals(List.of(text("x"), integer(21), integer(42)), row.getValuesList());
  }

  @Test
  void keepsTheClientsParameterTypesAndCountsTypedButUnusedOnes() throws Exception {
    assertEquals(
        List.of("parsed", "parameters 23,25,20", "columns n:TEXT", "ready IDLE"),
        sync(parse("s", "select $2 as n", 23, 0, 20), describeStatement("s")));
    List<SessionResponse> responses =
        run(true, bind("", "s", integer(1), integer(2), integer(3)), execute("", 0));
    assertEquals(
        List.of("bound", "columns n:TEXT", "rows 1", "SELECT 1", "ready IDLE"),
        describe(responses));
    assertEquals(List.of(2L), integers(responses));
  }

  @Test
  void suspendsAtTheRowLimitAndResumesInTheSameTransaction() throws Exception {
    fillNumbers(1200);
    List<SessionResponse> first =
        run(false, parse("s", "select n from t order by n"), bind("p", "s"), execute("p", 700));
    assertEquals(
        List.of("parsed", "bound", "columns n:INT8", "rows 500", "rows 200", "suspended"),
        describe(first).subList(0, 6));
    assertEquals("ready IN_TRANSACTION", describe(first).get(6));
    List<SessionResponse> second = run(true, execute("p", 1000));
    assertEquals(List.of("rows 500", "SELECT 500", "ready IDLE"), describe(second));
    List<Long> all = integers(first);
    all.addAll(integers(second));
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n <= 1200; n++) {
      expected.add(n);
    }
    assertEquals(expected, all);
    assertEquals(
        List.of("error " + SqlState.INVALID_CURSOR_NAME.code(), "ready IDLE"),
        sync(execute("p", 0)),
        "the sync ended the implicit transaction, and the portal with it");
  }

  @Test
  void portalsOfAnExplicitTransactionOutliveSyncsUntilCommit() throws Exception {
    fillNumbers(30);
    sync(parse("", "begin"), bind("", ""), execute("", 0));
    assertEquals(
        List.of(
            "parsed", "bound", "columns n:INT8", "rows 10", "suspended", "ready IN_TRANSACTION"),
        sync(parse("s", "select n from t order by n"), bind("c", "s"), execute("c", 10)));
    assertEquals(List.of("rows 10", "suspended", "ready IN_TRANSACTION"), sync(execute("c", 10)));
    assertEquals(
        List.of("parsed", "bound", "COMMIT", "ready IDLE"),
        sync(parse("", "commit"), bind("", ""), execute("", 0)));
    assertEquals(
        List.of("error " + SqlState.INVALID_CURSOR_NAME.code(), "ready IDLE"),
        sync(execute("c", 10)));
  }

  @Test
  void anErrorSkipsTheRestUntilSyncAndRollsBackTheImplicitTransaction() throws Exception {
    query("create table t (n integer primary key)");
    assertEquals(
        List.of(
            "parsed",
            "bound",
            "INSERT 0 1",
            "bound",
            "error " + SqlState.UNIQUE_VIOLATION.code(),
            "ready IDLE"),
        sync(
            parse("ins", "insert into t values ($1)"),
            bind("", "ins", integer(1)),
            execute("", 0),
            bind("", "ins", integer(1)),
            execute("", 0),
            bind("", "ins", integer(2)),
            execute("", 0)));
    assertEquals(
        0L,
        integers(run(true, parse("", "select count(*) from t"), bind("", ""), execute("", 0)))
            .get(0),
        "the first insert was rolled back with the implicit transaction");
  }

  @Test
  void skipsLaterRequestsUntilTheSync() throws Exception {
    assertEquals(
        List.of("error " + SqlState.INVALID_SQL_STATEMENT_NAME.code(), "ready IDLE"),
        describe(run(false, bind("", "nope"), execute("", 0))));
    assertEquals(List.of("ready IDLE"), describe(run(false, parse("", "select 1"), bind("", ""))));
    assertEquals(List.of("ready IDLE"), sync());
    assertEquals(
        List.of("parsed", "ready IDLE"), sync(parse("", "select 1")), "after the sync all is well");
  }

  @Test
  void namedStatementsMustBeClosedBeforeReuse() throws Exception {
    assertEquals(List.of("parsed", "ready IDLE"), sync(parse("s", "select 1")));
    assertEquals(
        List.of("error " + SqlState.DUPLICATE_PREPARED_STATEMENT.code(), "ready IDLE"),
        sync(parse("s", "select 2")));
    assertEquals(
        List.of("closed", "parsed", "ready IDLE"),
        sync(closeStatement("s"), parse("s", "select 2")));
    assertEquals(
        List.of("parsed", "parsed", "ready IDLE"),
        sync(parse("", "select 1"), parse("", "select 2")),
        "the unnamed statement is replaced");
  }

  @Test
  void closingAStatementClosesItsPortals() throws Exception {
    fillNumbers(5);
    sync(parse("", "begin"), bind("", ""), execute("", 0));
    sync(parse("s", "select n from t"), bind("p", "s"), execute("p", 1));
    assertEquals(
        List.of("closed", "error " + SqlState.INVALID_CURSOR_NAME.code(), "ready FAILED"),
        sync(closeStatement("s"), execute("p", 1)));
  }

  @Test
  void refusesAWrongNumberOfParameterValues() throws Exception {
    assertEquals(
        List.of("parsed", "error " + SqlState.PROTOCOL_VIOLATION.code(), "ready IDLE"),
        sync(parse("", "select $1, $2"), bind("", "", integer(1))));
  }

  @Test
  void refusesMultipleStatementsInOneParse() throws Exception {
    assertEquals(
        List.of("error " + SqlState.SYNTAX_ERROR.code(), "ready IDLE"),
        sync(parse("", "select 1; select 2")));
  }

  @Test
  void boundsThePreparedStatementsOfASession() throws Exception {
    List<ExtendedStep> steps = new ArrayList<>();
    for (int i = 0; i < ExtendedQuery.MAX_STATEMENTS; i++) {
      steps.add(parse("s" + i, "select " + i));
    }
    List<String> filled = sync(steps.toArray(ExtendedStep[]::new));
    assertEquals(ExtendedQuery.MAX_STATEMENTS + 1, filled.size());
    assertEquals(
        List.of("error " + SqlState.CONFIGURATION_LIMIT_EXCEEDED.code(), "ready IDLE"),
        sync(parse("one-too-many", "select 1")));
    assertEquals(
        List.of("closed", "parsed", "ready IDLE"),
        sync(closeStatement("s0"), parse("one-too-many", "select 1")));
  }

  @Test
  void typesExpressionColumnsOnceAndKeepsThemForTheStatement() throws Exception {
    fillNumbers(3);
    assertEquals(
        List.of("parsed", "bound", "columns c:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        sync(
            parse("s", "select count(*) as c from t"),
            bind("", "s"),
            describePortal(""),
            execute("", 0)),
        "a Describe of a portal reads the first row to type an expression");
    assertEquals(
        List.of("parameters ", "columns c:INT8", "ready IDLE"),
        sync(describeStatement("s")),
        "the statement keeps the types it reported");
    assertEquals(
        List.of("parsed", "parameters ", "columns c:TEXT", "ready IDLE"),
        sync(parse("t", "select max(n) as c from t"), describeStatement("t")),
        "before any execution an expression is text");
    assertEquals(
        List.of("bound", "columns c:TEXT", "rows 1", "SELECT 1", "ready IDLE"),
        sync(bind("", "t"), execute("", 0)));
  }

  @Test
  void describesStatementsWithoutRowsAsNoData() throws Exception {
    query("create table t (n integer)");
    assertEquals(
        List.of(
            "parsed", "parameters 25", "no data", "bound", "no data", "INSERT 0 1", "ready IDLE"),
        sync(
            parse("", "insert into t values ($1)"),
            describeStatement(""),
            bind("", "", integer(7)),
            describePortal(""),
            execute("", 0)));
  }

  @Test
  void returnsRowsOfAnInsertWithReturning() throws Exception {
    query("create table t (id integer primary key, name text)");
    List<SessionResponse> responses =
        run(
            true,
            parse("", "insert into t (name) values ($1), ($2) returning id"),
            bind("", "", text("a"), text("b")),
            execute("", 0));
    assertEquals(
        List.of("parsed", "bound", "columns id:INT8", "rows 2", "INSERT 0 2", "ready IDLE"),
        describe(responses));
    assertEquals(List.of(1L, 2L), integers(responses));
  }

  @Test
  void runsTransactionControlThroughPortals() throws Exception {
    query("create table t (n integer)");
    assertEquals(
        List.of("parsed", "bound", "BEGIN", "ready IN_TRANSACTION"),
        sync(parse("", "begin"), bind("", ""), execute("", 0)));
    sync(parse("", "insert into t values (1)"), bind("", ""), execute("", 0));
    assertEquals(
        List.of("parsed", "bound", "ROLLBACK", "ready IDLE"),
        sync(parse("", "rollback"), bind("", ""), execute("", 0)));
    assertEquals(
        List.of(0L),
        integers(run(true, parse("", "select count(*) from t"), bind("", ""), execute("", 0))));
  }

  @Test
  void refusesAllButTheEndOfAFailedTransaction() throws Exception {
    query("begin");
    query("select * from missing");
    assertEquals(
        List.of("error " + SqlState.IN_FAILED_SQL_TRANSACTION.code(), "ready FAILED"),
        sync(parse("", "select 1")));
    assertEquals(
        List.of("parsed", "bound", "ROLLBACK", "ready IDLE"),
        sync(parse("", "rollback"), bind("", ""), execute("", 0)));
  }

  @Test
  void checksTheWriteFenceBeforeWritesOnly() throws Exception {
    query("create table t (n integer)");
    int before = fenceChecks.get();
    sync(parse("", "select * from t"), bind("", ""), execute("", 0));
    assertEquals(before, fenceChecks.get(), "a read passes no fence");
    sync(parse("", "insert into t values (1)"), bind("", ""), execute("", 0));
    assertEquals(before + 1, fenceChecks.get());
  }

  @Test
  void answersAnEmptyStatement() throws Exception {
    assertEquals(
        List.of("parsed", "parameters ", "no data", "bound", "empty", "ready IDLE"),
        sync(parse("", "  -- nothing "), describeStatement(""), bind("", ""), execute("", 0)));
  }

  @Test
  void reportsAChangedResultShapeOfACachedStatement() throws Exception {
    query("create table t (a integer)");
    sync(parse("s", "select * from t"), bind("", "s"), describePortal(""), execute("", 0));
    query("alter table t add column b text");
    List<String> after = sync(bind("", "s"), execute("", 0));
    assertEquals(
        List.of("bound", "error " + SqlState.FEATURE_NOT_SUPPORTED.code(), "ready IDLE"), after);
  }

  @Test
  void pausesForFlowControlWithinAnExecute() throws Exception {
    fillNumbers(1200);
    session.start(
        Extended.newBuilder()
            .addSteps(parse("", "select n from t"))
            .addSteps(bind("", ""))
            .addSteps(execute("", 0))
            .setSync(true)
            .build());
    out.allow(4);
    assertFalse(session.advance(out), "parks once the receiver is full");
    assertEquals(List.of("parsed", "bound", "columns n:INT8", "rows 500"), describe(out.drain()));
    out.allow(Long.MAX_VALUE);
    assertTrue(session.advance(out));
    assertEquals(
        List.of("rows 500", "rows 200", "SELECT 1200", "ready IDLE"), describe(out.drain()));
  }

  @Test
  void typesDeclaredPostgresColumns() throws Exception {
    query(
        "create table t (a int2, b int4, c float4, d uuid, e json, f timestamp without time zone)");
    assertEquals(
        List.of(
            "parsed",
            "parameters ",
            "columns a:INT2,b:INT4,c:FLOAT4,d:UUID,e:JSON,f:TIMESTAMP",
            "ready IDLE"),
        sync(parse("", "select * from t"), describeStatement("")));
  }

  // -------------------------------------------------------------------------------------------
  // cancel

  /** Counts to a billion: minutes of work unless cancelled. */
  private static final String ENDLESS =
      "with recursive c(x) as (select started() union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  /** Runs {@code steps} (with Sync) on another thread; returns once SQLite runs started(). */
  private CompletableFuture<Boolean> startEndless(ExtendedStep... steps) throws Exception {
    return startEndless(store.lockdown(), steps);
  }

  private CompletableFuture<Boolean> startEndless(TenantLockdown lockdown, ExtendedStep... steps)
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    SQLiteConnection connection = store.open(1, "acme");
    Function.create(
        connection,
        "started",
        new Function() {
          @Override
          protected void xFunc() throws SQLException {
            started.countDown();
            result(1);
          }
        });
    session.close();
    session =
        new TenantSession(
            connection,
            new SqliteErrors(data.toString()),
            () -> {},
            lockdown.allowing(List.of("started")));
    TenantSession s = session;
    s.start(Extended.newBuilder().addAllSteps(List.of(steps)).setSync(true).build());
    CompletableFuture<Boolean> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return s.advance(out);
              } catch (FencedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(started.await(10, TimeUnit.SECONDS), "the statement started");
    return done;
  }

  @Test
  void cancelStopsTheRunningExecuteAndSkipsTheRestUntilSync() throws Exception {
    CompletableFuture<Boolean> done =
        startEndless(
            parse("", ENDLESS),
            bind("", ""),
            execute("", 0),
            parse("", "select 1"),
            bind("", ""),
            execute("", 0));
    session.cancel();
    assertTrue(done.get(10, TimeUnit.SECONDS));
    List<SessionResponse> responses = out.drain();
    assertEquals(List.of("parsed", "bound", "error 57014", "ready IDLE"), describe(responses));
    assertEquals(
        "canceling statement due to user request", responses.get(2).getError().getMessage());
    assertEquals(
        List.of("parsed", "bound", "columns one:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        sync(parse("", "select 1 as one"), bind("", ""), execute("", 0)),
        "the next request runs");
  }

  @Test
  void cancelBetweenRequestsLeavesASuspendedPortalAlone() throws Exception {
    fillNumbers(10);
    sync(parse("", "begin"), bind("", ""), execute("", 0));
    sync(parse("s", "select n from t order by n"), bind("c", "s"), execute("c", 4));
    session.cancel();
    List<SessionResponse> rest = run(true, execute("c", 0));
    assertEquals(List.of("rows 6", "SELECT 6", "ready IN_TRANSACTION"), describe(rest));
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), integers(rest));
  }

  @Test
  void timesOutAnExecuteThatRunsTooLong() throws Exception {
    TenantLockdown quick =
        new TenantLockdown(
            new TenantQuotas(TenantQuotas.DEFAULT_MAX_DATABASE_BYTES, Duration.ofMillis(200)));
    CompletableFuture<Boolean> done =
        startEndless(quick, parse("", ENDLESS), bind("", ""), execute("", 0));
    assertTrue(done.get(10, TimeUnit.SECONDS));
    List<SessionResponse> responses = out.drain();
    assertEquals(List.of("parsed", "bound", "error 57014", "ready IDLE"), describe(responses));
    assertEquals(
        "canceling statement due to statement timeout", responses.get(2).getError().getMessage());
  }

  // -------------------------------------------------------------------------------------------
  // lockdown

  @Test
  void refusesWhatTheLockdownRefusesAtParse() throws Exception {
    assertEquals(
        List.of("error " + SqlState.INSUFFICIENT_PRIVILEGE.code(), "ready IDLE"),
        sync(parse("", "ATTACH DATABASE '/tmp/other.db' AS other")));
    assertEquals(
        List.of("error " + SqlState.INSUFFICIENT_PRIVILEGE.code(), "ready IDLE"),
        sync(parse("", "PRAGMA journal_mode = DELETE")));
    assertEquals(List.of("parsed", "ready IDLE"), sync(parse("", "PRAGMA user_version")));
  }
}
