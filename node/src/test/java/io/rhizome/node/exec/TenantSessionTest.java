/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
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

/** Runs statements against a real tenant file and checks the messages a client would get. */
class TenantSessionTest {
  @TempDir Path data;
  private TenantStore store;
  private final AtomicInteger fenceChecks = new AtomicInteger();
  private io.rhizome.proto.Error fencedWith;
  private TenantSession session;
  private final RecordingOutbound out = new RecordingOutbound();

  @BeforeEach
  void open() throws Exception {
    store = TestStores.open(data, Duration.ofMillis(100));
    session = newSession();
  }

  @AfterEach
  void close() {
    session.close();
  }

  private TenantSession newSession() throws Exception {
    return new TenantSession(
        store.open(1, "acme"),
        new SqliteErrors(data.toString()),
        () -> {
          fenceChecks.incrementAndGet();
          if (fencedWith != null) {
            throw new FencedException(fencedWith);
          }
        },
        store.lockdown());
  }

  /** Runs one Query to its end and describes the responses. */
  private List<String> query(String... statements) throws FencedException {
    return describe(run(statements));
  }

  private List<SessionResponse> run(String... statements) throws FencedException {
    session.start(List.of(statements));
    assertTrue(session.advance(out), "an always-ready receiver lets the query finish");
    return out.drain();
  }

  private long count(String table) throws FencedException {
    List<SessionResponse> responses = run("select count(*) from " + table);
    return responses.get(1).getRows().getRows(0).getValues(0).getInteger();
  }

  @Test
  void anAlterTableSqliteLacksRunsInTheClientsTransactionAndFailsItOnAViolation() throws Exception {
    query("create table t (a integer, b text)", "insert into t values (1, null)");
    assertEquals(
        List.of("BEGIN", "ALTER TABLE", "error 23502", "ready FAILED"),
        query(
            "begin",
            "alter table t alter column a set not null, add constraint t_a_check check (a > 0)",
            "alter table t alter column b set not null"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), query("insert into t values (null, 'rolled back')"));
    assertEquals(
        List.of("error 42501", "ready IDLE"),
        query("pragma writable_schema = on"),
        "the pragma the change uses is still the node's alone");
  }

  @Test
  void textReadsTheSameFromAUtf8AndAUtf16Database() throws Exception {
    // A UTF-8 database's text is fetched as its stored bytes; a UTF-16 one (an imported file may
    // be) through SQLite's conversion. Both must give the client the same strings.
    session.close();
    Path utf16 = store.tenantFile(1, "utf16");
    java.nio.file.Files.createDirectories(utf16.getParent());
    try (var created = java.sql.DriverManager.getConnection("jdbc:sqlite:" + utf16);
        var statement = created.createStatement()) {
      statement.execute("pragma encoding = 'UTF-16le'");
      statement.execute("create table t (s text)");
    }
    String mixed = "naïve café ✓ 𝄞";
    for (String tenant : List.of("acme", "utf16")) {
      session =
          new TenantSession(
              tenant.equals("acme") ? store.open(1, tenant) : store.openExisting(1, tenant),
              new SqliteErrors(data.toString()),
              () -> {},
              store.lockdown());
      if (tenant.equals("acme")) {
        query("create table t (s text)");
      }
      query("insert into t values ('" + mixed + "'), (''), ('ascii')");
      List<SessionResponse> read = run("select s, length(s) from t");
      List<Row> rows = read.get(1).getRows().getRowsList();
      assertEquals(mixed, rows.get(0).getValues(0).getText(), tenant);
      assertEquals(mixed.codePointCount(0, mixed.length()), rows.get(0).getValues(1).getInteger());
      assertEquals("", rows.get(1).getValues(0).getText(), tenant);
      assertTrue(rows.get(1).getValues(0).hasText(), "an empty text is text, not null");
      assertEquals("ascii", rows.get(2).getValues(0).getText(), tenant);
      session.close();
    }
    session = newSession();
  }

  @Test
  void encodedRowsAreTheRowsAListedSessionReadsBeyondTheFirstBatchToo() throws Exception {
    // Every batch, the first too (its values type the columns as they are read), goes straight
    // from SQLite into bytes.
    query(
        "create table v (id integer primary key, x)",
        "insert into v (x) values (null), (0), (-1), (9223372036854775807), (-9223372036854775808),"
            + " (2.5), (-0.0), (1e300), (''), ('ascii'), ('naïve ✓ 𝄞'), (cast(x'61c328ff' as text)),"
            + " (x''), (x'00ff10')",
        "insert into v (x) select x from v,"
            + " (with recursive c(n) as (select 1 union all select n + 1 from c where n < 100)"
            + " select n from c)");
    String select = "select id, x, length(x) from v order by id";
    List<SessionResponse> listed = run(select);
    session.close();
    session = EncodedSessions.acme(store, data, store.lockdown());
    List<SessionResponse> encoded = run(select);

    assertEquals(describe(listed), describe(encoded));
    assertTrue(describe(encoded).size() > 4, "more than one batch: " + describe(encoded));
    List<Row> listedRows = new ArrayList<>();
    List<Row> encodedRows = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      if (listed.get(i).hasRows()) {
        assertFalse(EncodedRows.isEncoded(listed.get(i).getRows()));
        assertTrue(EncodedRows.isEncoded(encoded.get(i).getRows()));
        assertEquals(
            listed.get(i).getRows().getMaxRowBytes(), encoded.get(i).getRows().getMaxRowBytes());
        listedRows.addAll(listed.get(i).getRows().getRowsList());
        encodedRows.addAll(EncodedRows.rows(encoded.get(i).getRows()));
      }
    }
    assertEquals(14 * 101, listedRows.size());
    assertEquals(listedRows, encodedRows);
  }

  @Test
  void anEncodedRowPastTheMaxValueSizeFailsWith54000AsAListedOne() throws Exception {
    session.close();
    int max = 1 << 20;
    TenantStore small = storeWithMaxValueSize(max);
    String select =
        "with recursive c(x) as (select 1 union all select x + 1 from c where x < 700)"
            + " select x, case when x = 650 then zeroblob(600000) end as a,"
            + " case when x = 650 then printf('%.*c', 600000, 'y') end as b from c";
    session =
        new TenantSession(
            small.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, small.lockdown());
    List<String> listed = query(select);
    session.close();
    session = EncodedSessions.acme(small, data, small.lockdown());
    List<String> encoded = query(select);
    assertEquals(listed, encoded);
    assertTrue(encoded.contains("error 54000"), encoded.toString());
    assertEquals("ready IDLE", encoded.get(encoded.size() - 1));
  }

  private TenantStore storeWithMaxValueSize(int max) {
    return new TenantStore(
        data,
        Synchronous.FULL,
        Duration.ofMillis(100),
        new TenantLockdown(TenantQuotas.DEFAULT, max));
  }

  @Test
  void aResultPastTheTenantsMaxResultRowsFailsWith54000() throws Exception {
    session.close();
    SQLiteConnection connection = store.open(1, "acme");
    session =
        new TenantSession(
            connection,
            connection::close,
            new SqliteErrors(data.toString()),
            () -> {},
            store.lockdown(),
            TenantQuotas.DEFAULT.withOverrides(
                io.rhizome.proto.TenantLimits.newBuilder().setMaxResultRows(600).build()));
    String rows = "with recursive c(x) as (select 1 union all select x + 1 from c where x < %d)";
    assertEquals(
        List.of("columns x:INT8", "rows 500", "rows 100", "SELECT 600", "ready IDLE"),
        query(rows.formatted(600) + " select x from c"));
    List<String> past = query(rows.formatted(601) + " select x from c");
    assertEquals("columns x:INT8", past.get(0));
    assertEquals("rows 500", past.get(1), "rows within the limit are sent");
    assertEquals("ready IDLE", past.get(3));
    assertEquals("error 54000", past.get(2));
    assertEquals(
        List.of("columns x:INT8", "rows 1", "SELECT 1", "ready IDLE"), query("select 1 as x"));
  }

  @Test
  void valuesAndRowsPastTheMaxValueSizeFailWith54000AndTheSessionGoesOn() throws Exception {
    session.close();
    int max = 1 << 20;
    TenantStore small = storeWithMaxValueSize(max);
    session =
        new TenantSession(
            small.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, small.lockdown());
    for (String attack :
        List.of(
            "select zeroblob(900000000)",
            "select printf('%.*c', 900000000, 'x')",
            "select randomblob(900000000)",
            "with recursive s(v) as (select 'x' union all select v || v from s) select v from s",
            // each value fits; the row does not
            "select zeroblob(600000) as a, zeroblob(600000) as b")) {
      List<String> answer = query(attack);
      assertTrue(answer.contains("error 54000"), attack + ": " + answer);
      assertEquals("ready IDLE", answer.get(answer.size() - 1), attack);
    }
    assertEquals(
        List.of("columns n:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        query("select length(zeroblob(" + (max - 1) + ")) as n"));
  }

  @Test
  void createsInsertsAndSelectsWithPostgresTypes() throws Exception {
    assertEquals(
        List.of("CREATE TABLE", "ready IDLE"),
        query(
            "create table t (id integer primary key, name varchar(20), score double precision,"
                + " data blob, ok boolean, day date, at timestamp, price numeric(10,2), anything)"));
    assertEquals(
        List.of("INSERT 0 2", "ready IDLE"),
        query(
            "insert into t values (1, 'a', 1.5, x'0102', 1, '2024-01-02', '2024-01-02 03:04:05',"
                + " 9.99, 5), (2, null, null, null, 0, null, null, 10, 'x')"));
    List<SessionResponse> responses = run("select * from t order by id");
    assertEquals(
        List.of(
            "columns id:INT8,name:TEXT,score:FLOAT8,data:BYTEA,ok:BOOL,day:DATE,at:TIMESTAMPTZ,"
                + "price:NUMERIC,anything:TEXT",
            "rows 2",
            "SELECT 2",
            "ready IDLE"),
        describe(responses));
    Row first = responses.get(1).getRows().getRows(0);
    assertEquals(integer(1), first.getValues(0));
    assertEquals(text("a"), first.getValues(1));
    assertEquals(Value.newBuilder().setReal(1.5).build(), first.getValues(2));
    assertEquals(
        Value.newBuilder().setBlob(ByteString.copyFrom(new byte[] {1, 2})).build(),
        first.getValues(3));
    assertEquals(integer(1), first.getValues(4));
    assertEquals(text("2024-01-02"), first.getValues(5));
    assertEquals(Value.newBuilder().setReal(9.99).build(), first.getValues(7));
    Row second = responses.get(1).getRows().getRows(1);
    assertTrue(second.getValues(1).getNull());
    assertEquals(text("x"), second.getValues(8));
  }

  @Test
  void aRowBatchStatesItsLargestRowAsRowsAreBounded() throws Exception {
    query("create table r (n integer, t text, b blob, x real)");
    query(
        "insert into r values (1, 'abc', x'0102', 0.5), (2, 'ééééé', null, null),"
            + " (3, null, x'01020304050607', 1.5)");
    List<SessionResponse> responses = run("select n, t, b, x from r order by n");
    // Bytes of a blob, characters of a text, 8 for anything else: 8 + 5 + 8 + 8 for the
    // second row (five two-byte characters count five), 8 + 8 + 7 + 8 for the third.
    assertEquals(31, responses.get(1).getRows().getMaxRowBytes());
  }

  @Test
  void typesExpressionColumnsByTheirFirstValue() throws Exception {
    List<SessionResponse> responses =
        run("select 1 as i, 'x' as t, 2.5 as r, null as n, x'00' as b, 9223372036854775807 as big");
    assertEquals(
        List.of(
            "columns i:INT8,t:TEXT,r:FLOAT8,n:TEXT,b:BYTEA,big:INT8",
            "rows 1",
            "SELECT 1",
            "ready IDLE"),
        describe(responses));
    assertEquals(integer(Long.MAX_VALUE), responses.get(1).getRows().getRows(0).getValues(5));
  }

  @Test
  void describesColumnsOfAnEmptyResult() throws Exception {
    query("create table t (a integer, b text)");
    assertEquals(
        List.of("columns a:INT8,b:TEXT", "SELECT 0", "ready IDLE"), query("select a, b from t"));
    assertEquals(
        List.of("columns x:TEXT", "SELECT 0", "ready IDLE"), query("select a + 1 as x from t"));
  }

  @Test
  void tagsCommandsLikePostgres() throws Exception {
    assertEquals(List.of("CREATE TABLE", "ready IDLE"), query("create table t (a int, b text)"));
    assertEquals(List.of("CREATE INDEX", "ready IDLE"), query("create unique index i on t (a)"));
    assertEquals(
        List.of("INSERT 0 3", "ready IDLE"),
        query("insert into t values (1, 'x'), (2, 'y'), (3, 'z')"));
    assertEquals(List.of("UPDATE 2", "ready IDLE"), query("update t set b = 'w' where a < 3"));
    assertEquals(List.of("UPDATE 0", "ready IDLE"), query("update t set b = 'w' where a > 9"));
    assertEquals(List.of("DELETE 1", "ready IDLE"), query("delete from t where a = 3"));
    assertEquals(
        List.of("columns a:INT8", "rows 1", "INSERT 0 1", "ready IDLE"),
        query("insert into t values (4, 'v') returning a"));
    assertEquals(
        List.of("columns a:INT8", "rows 3", "DELETE 3", "ready IDLE"),
        query("delete from t returning a"));
    assertEquals(List.of("PRAGMA", "ready IDLE"), query("pragma user_version = 7"));
    assertEquals(
        List.of("columns user_version:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        query("pragma user_version"));
    assertEquals(List.of("DROP TABLE", "ready IDLE"), query("drop table t"));
  }

  @Test
  void runsSeveralStatementsAsOneImplicitTransaction() throws Exception {
    query("create table t (a int primary key)");
    assertEquals(
        List.of("INSERT 0 1", "error 23505", "ready IDLE"),
        query("insert into t values (1)", "insert into t values (1)", "insert into t values (2)"));
    assertEquals(0, count("t"), "the implicit transaction is rolled back as a whole");
    assertEquals(
        List.of("INSERT 0 1", "INSERT 0 1", "ready IDLE"),
        query("insert into t values (1)", "insert into t values (2)"));
    assertEquals(2, count("t"));
  }

  @Test
  void runsAnExplicitTransactionAcrossQueriesAndRollsItBack() throws Exception {
    query("create table t (a int)");
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), query("begin"));
    assertEquals(List.of("INSERT 0 1", "ready IN_TRANSACTION"), query("insert into t values (1)"));
    assertEquals(1, count("t"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    assertEquals(0, count("t"));
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), query("begin immediate"));
    query("insert into t values (1)");
    assertEquals(List.of("COMMIT", "ready IDLE"), query("end"));
    assertEquals(1, count("t"));
  }

  @Test
  void refusesEverythingButRollbackAfterAnErrorInATransaction() throws Exception {
    query("create table t (a int primary key)");
    query("begin");
    query("insert into t values (1)");
    assertEquals(List.of("error 23505", "ready FAILED"), query("insert into t values (1)"));
    List<SessionResponse> refused = run("select 1");
    assertEquals(List.of("error 25P02", "ready FAILED"), describe(refused));
    assertEquals(
        "current transaction is aborted, commands ignored until end of transaction block",
        refused.get(0).getError().getMessage());
    assertEquals(List.of("error 25P02", "ready FAILED"), query("begin"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    assertEquals(0, count("t"));
  }

  @Test
  void commitOfAFailedTransactionRollsBack() throws Exception {
    query("create table t (a int primary key)");
    query("begin");
    query("insert into t values (1)");
    query("select * from nope");
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("commit"));
    assertEquals(0, count("t"));
  }

  @Test
  void rollbackToASavepointRecoversAFailedTransaction() throws Exception {
    query("create table t (a int primary key)");
    query("begin");
    query("insert into t values (1)");
    query("savepoint s");
    assertEquals(List.of("error 23505", "ready FAILED"), query("insert into t values (1)"));
    assertEquals(List.of("ROLLBACK", "ready IN_TRANSACTION"), query("rollback to savepoint s"));
    query("insert into t values (2)");
    assertEquals(List.of("COMMIT", "ready IDLE"), query("commit"));
    assertEquals(2, count("t"));
  }

  @Test
  void aSavepointOutsideATransactionStartsOneThatItsReleaseEnds() throws Exception {
    query("create table t (a int)");
    assertEquals(List.of("SAVEPOINT", "ready IN_TRANSACTION"), query("savepoint a"));
    query("insert into t values (1)");
    assertEquals(List.of("SAVEPOINT", "ready IN_TRANSACTION"), query("savepoint b"));
    assertEquals(List.of("RELEASE", "ready IN_TRANSACTION"), query("release b"));
    assertEquals(List.of("RELEASE", "ready IDLE"), query("release savepoint a"));
    assertEquals(1, count("t"));
  }

  @Test
  void acceptsBeginInsideAndCommitOrRollbackOutsideATransaction() throws Exception {
    assertEquals(List.of("COMMIT", "ready IDLE"), query("commit"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    query("begin");
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), query("begin"));
    assertEquals(List.of("COMMIT", "ready IDLE"), query("commit"));
  }

  @Test
  void beginInsideAnImplicitTransactionMakesItExplicit() throws Exception {
    query("create table t (a int)");
    assertEquals(
        List.of("INSERT 0 1", "BEGIN", "INSERT 0 1", "ready IN_TRANSACTION"),
        query("insert into t values (1)", "begin", "insert into t values (2)"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    assertEquals(0, count("t"));
  }

  @Test
  void commitInsideAQueryEndsTheTransactionAndTheRestRunsInANewOne() throws Exception {
    query("create table t (a int primary key)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "COMMIT", "INSERT 0 1", "error 23505", "ready IDLE"),
        query(
            "begin",
            "insert into t values (1)",
            "commit",
            "insert into t values (2)",
            "insert into t values (1)"));
    assertEquals(1, count("t"), "committed before the COMMIT, rolled back after it");
  }

  @Test
  void refusesTwoStatementsInOneText() throws Exception {
    query("create table t (a int)");
    List<SessionResponse> responses = run("insert into t values (1); insert into t values (2)");
    assertEquals(List.of("error 42601", "ready IDLE"), describe(responses));
    assertEquals(0, count("t"));
  }

  @Test
  void answersEmptyStatementsWithEmptyQuery() throws Exception {
    assertEquals(List.of("empty", "ready IDLE"), query());
    assertEquals(List.of("empty", "ready IDLE"), query("  -- nothing"));
    assertEquals(
        List.of("empty", "columns 1:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        query(";", "select 1"));
  }

  @Test
  void streamsRowsInBatchesOfAtMost500() throws Exception {
    List<SessionResponse> responses = run(series(1234));
    List<Integer> sizes =
        responses.stream()
            .filter(SessionResponse::hasRows)
            .map(r -> r.getRows().getRowsCount())
            .toList();
    assertEquals(List.of(500, 500, 234), sizes);
    assertEquals("SELECT 1234", responses.get(4).getCommandComplete().getTag());
  }

  @Test
  void capsBatchesByBytes() throws Exception {
    List<SessionResponse> responses =
        run(
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 20)"
                + " select n, hex(randomblob(50000)) from c");
    List<SessionResponse> batches = responses.stream().filter(SessionResponse::hasRows).toList();
    assertTrue(batches.size() >= 4, "20 rows of 100 kB need several batches");
    for (SessionResponse batch : batches) {
      assertTrue(
          batch.getRows().getSerializedSize() < RowCursor.MAX_BATCH_BYTES + 110_000,
          "a batch stops growing after the row that crosses the limit");
    }
    assertEquals(20, batches.stream().mapToInt(b -> b.getRows().getRowsCount()).sum());
  }

  @Test
  void pausesWhileTheReceiverIsNotReadyAndResumes() throws Exception {
    session.start(List.of(series(2000)));
    out.allow(2);
    assertFalse(session.advance(out));
    assertEquals(List.of("columns n:INT8", "rows 500"), describe(out.drain()));
    assertFalse(session.advance(out), "no progress without readiness");
    assertEquals(List.of(), out.drain());
    out.allow(1);
    assertFalse(session.advance(out));
    assertEquals(List.of("rows 500"), describe(out.drain()));
    out.allow(Long.MAX_VALUE);
    assertTrue(session.advance(out));
    assertEquals(
        List.of("rows 500", "rows 500", "SELECT 2000", "ready IDLE"), describe(out.drain()));
  }

  @Test
  void reportsAnErrorAfterRowsAlreadySent() throws Exception {
    assertEquals(
        List.of("columns n:INT8", "rows 500", "error 22003", "ready IDLE"),
        query(
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 1000)"
                + " select case when n = 800 then abs(-9223372036854775807 - 1) else n end as n"
                + " from c"));
  }

  @Test
  void checksTheFenceBeforeWritesOnly() throws Exception {
    query("create table t (a int)");
    int afterCreate = fenceChecks.get();
    assertEquals(1, afterCreate);
    query("select * from t");
    query("begin");
    query("rollback");
    assertEquals(afterCreate, fenceChecks.get());
    query("insert into t values (1)");
    assertEquals(afterCreate + 1, fenceChecks.get());
  }

  @Test
  void aLostShardStopsTheWriteBeforeItRuns() throws Exception {
    query("create table t (a int)");
    fencedWith = Errors.error(SqlState.CANNOT_CONNECT_NOW, "moved");
    session.start(List.of("insert into t values (1)"));
    FencedException e = assertThrows(FencedException.class, () -> session.advance(out));
    assertSame(fencedWith, e.error());
    fencedWith = null;
    session.close();
    session = newSession();
    assertEquals(0, count("t"));
  }

  @Test
  void closingRollsBackAnOpenTransaction() throws Exception {
    query("create table t (a int)");
    query("begin");
    query("insert into t values (1)");
    session.close();
    session = newSession();
    assertEquals(0, count("t"));
  }

  @Test
  void tenantsWithTheSameTableNamesAreIsolated() throws Exception {
    query("create table t (a int)");
    query("insert into t values (1)");
    try (TenantSession other =
        new TenantSession(
            store.open(1, "other"), new SqliteErrors(""), () -> {}, store.lockdown())) {
      other.start(List.of("create table t (a int)"));
      assertTrue(other.advance(out));
      other.start(List.of("select count(*) from t"));
      assertTrue(other.advance(out));
      List<SessionResponse> responses = out.drain();
      assertEquals(0, responses.get(3).getRows().getRows(0).getValues(0).getInteger());
    }
    assertEquals(1, count("t"));
  }

  private static String series(int n) {
    return "with recursive c(n) as (select 1 union all select n + 1 from c where n < "
        + n
        + ") select n from c";
  }

  private static Value integer(long v) {
    return Value.newBuilder().setInteger(v).build();
  }

  private static Value text(String v) {
    return Value.newBuilder().setText(v).build();
  }

  // -------------------------------------------------------------------------------------------
  // cancel

  /** Counts to a billion: minutes of work unless cancelled. */
  private static final String ENDLESS =
      "with recursive c(x) as (select started() union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  /** A session whose SQL function started() signals that a statement is inside SQLite. */
  private TenantSession sessionWithStartSignal(CountDownLatch started) throws Exception {
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
            store.lockdown().allowing(List.of("started")));
    return session;
  }

  /** Starts {@code sql} on another thread and returns once SQLite is running it. */
  private CompletableFuture<Boolean> startEndless(String... before) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    TenantSession s = sessionWithStartSignal(started);
    List<String> statements = new java.util.ArrayList<>(List.of(before));
    statements.add(ENDLESS);
    s.start(statements);
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
  void cancelStopsTheRunningStatementWith57014AndTheSessionGoesOn() throws Exception {
    CompletableFuture<Boolean> done = startEndless();
    session.cancel();
    assertTrue(done.get(10, TimeUnit.SECONDS));
    List<SessionResponse> responses = out.drain();
    assertEquals(List.of("error 57014", "ready IDLE"), describe(responses));
    assertEquals(
        "canceling statement due to user request", responses.get(0).getError().getMessage());
    assertEquals(
        List.of("columns one:INT8", "rows 1", "SELECT 1", "ready IDLE"), query("select 1 as one"));
  }

  @Test
  void cancelInsideATransactionFailsTheTransactionUntilRollback() throws Exception {
    query("create table t (a int)");
    CompletableFuture<Boolean> done = startEndless("begin", "insert into t values (1)");
    session.cancel();
    assertTrue(done.get(10, TimeUnit.SECONDS));
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "error 57014", "ready FAILED"), describe(out.drain()));
    assertEquals(List.of("error 25P02", "ready FAILED"), query("select 1"));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query("rollback"));
    assertEquals(0, count("t"));
  }

  @Test
  void cancelOfAnIdleSessionDoesNotTouchItsNextQuery() throws Exception {
    session.cancel();
    assertEquals(
        List.of("columns one:INT8", "rows 1", "SELECT 1", "ready IDLE"), query("select 1 as one"));
  }
}
