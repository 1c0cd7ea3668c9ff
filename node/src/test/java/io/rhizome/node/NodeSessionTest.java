/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Query;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions over gRPC against a real node: statements, transactions, errors, routing checks. */
class NodeSessionTest extends NodeFixture {

  @Test
  void runsStatementsWithPostgresTypesAndTags() throws Exception {
    SessionClient client = session("acme");
    assertEquals(
        List.of("CREATE TABLE", "ready IDLE"),
        describe(
            client.query(
                "create table items (id integer primary key, name text not null, price real,"
                    + " data blob, ok boolean, day date, at timestamptz, total numeric(10,2))")));
    assertEquals(
        List.of("INSERT 0 2", "ready IDLE"),
        describe(
            client.query(
                "insert into items (name, price, data, ok, day, at, total) values"
                    + " ('apple', 1.5, x'00ff', 1, '2024-05-06', '2024-05-06 07:08:09+00', 3.25),"
                    + " ('pear', null, null, 0, null, null, null)")));
    List<SessionResponse> select = client.query("select *, id * 2 as twice from items order by id");
    assertEquals(
        List.of(
            "columns id:INT8,name:TEXT,price:FLOAT8,data:BYTEA,ok:BOOL,day:DATE,at:TIMESTAMPTZ,"
                + "total:NUMERIC,twice:INT8",
            "rows 2",
            "SELECT 2",
            "ready IDLE"),
        describe(select));
    Row apple = select.get(1).getRows().getRows(0);
    assertEquals(Value.newBuilder().setText("apple").build(), apple.getValues(1));
    assertEquals(Value.newBuilder().setInteger(2).build(), apple.getValues(8));
    assertTrue(select.get(1).getRows().getRows(1).getValues(2).getNull());
    assertEquals(
        List.of("UPDATE 2", "ready IDLE"), describe(client.query("update items set price = 2")));
    assertEquals(
        List.of("DELETE 1", "ready IDLE"),
        describe(client.query("delete from items where name = 'pear'")));
    assertEquals(List.of("DROP TABLE", "ready IDLE"), describe(client.query("drop table items")));
  }

  @Test
  void sendsRowsEncodedWhenTheOpenAsksForThem() throws Exception {
    SessionClient listed = session("acme");
    listed.query(
        "create table v (id integer primary key, x)",
        "insert into v (x) values (null), (-7), (2.5), ('héllo ☃ 😀'), (x'00ff'), ('')");
    String select = "select id, x from v order by id";
    List<SessionResponse> asRows = listed.query(select);
    SessionClient encoded = session("acme", true);
    List<SessionResponse> asBytes = encoded.query(select);

    assertEquals(describe(asRows), describe(asBytes));
    RowBatch rows = asRows.get(1).getRows();
    RowBatch bytes = asBytes.get(1).getRows();
    assertEquals(6, rows.getRowsCount());
    assertTrue(rows.getEncodedRows().isEmpty());
    assertEquals(0, bytes.getRowsCount());
    assertEquals(6, bytes.getEncodedCount());
    assertEquals(rows.getMaxRowBytes(), bytes.getMaxRowBytes());
    assertEquals(rows.getRowsList(), EncodedRows.rows(bytes));
  }

  @Test
  void rollsBackAFailedMultiStatementQuery() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a int primary key)");
    assertEquals(
        List.of("INSERT 0 1", "error 23505", "ready IDLE"),
        describe(client.query("insert into t values (1)", "insert into t values (1)")));
    assertEquals("SELECT 0", describe(client.query("select * from t")).get(1));
  }

  @Test
  void runsAnExplicitTransactionAndRollsItBack() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), describe(client.query("begin")));
    assertEquals(
        List.of("INSERT 0 1", "ready IN_TRANSACTION"),
        describe(client.query("insert into t values (1)")));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(client.query("rollback")));
    assertEquals("SELECT 0", describe(client.query("select * from t")).get(1));
  }

  @Test
  void refusesStatementsInAFailedTransactionUntilRollback() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    client.query("begin");
    client.query("insert into t values (1)");
    assertEquals(
        List.of("error 42P01", "ready FAILED"), describe(client.query("select * from nope")));
    assertEquals(
        List.of("error 25P02", "ready FAILED"), describe(client.query("insert into t values (2)")));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(client.query("commit")));
    assertEquals("SELECT 0", describe(client.query("select * from t")).get(1));
  }

  @Test
  void answersEachFailureWithItsSqlStateAndStaysUsable() throws Exception {
    SessionClient client = session("acme");
    client.query(
        "create table p (id integer primary key)",
        "create table t (id integer primary key, name text not null unique,"
            + " n int check (n > 0), pid int references p (id))",
        "insert into t (id, name, n) values (1, 'a', 1)");
    String[][] cases = {
      {"select * from nope", SqlState.UNDEFINED_TABLE.code()},
      {"select nope from t", SqlState.UNDEFINED_COLUMN.code()},
      {"selec 1", SqlState.SYNTAX_ERROR.code()},
      {"select (1", SqlState.SYNTAX_ERROR.code()},
      {"select 'abc", SqlState.SYNTAX_ERROR.code()},
      {"create table t (a)", SqlState.DUPLICATE_TABLE.code()},
      {"select nofn(1)", SqlState.UNDEFINED_FUNCTION.code()},
      {"insert into t (name, n) values ('a', 1)", SqlState.UNIQUE_VIOLATION.code()},
      {"insert into t (id, name, n) values (1, 'b', 1)", SqlState.UNIQUE_VIOLATION.code()},
      {"insert into t (name, n) values (null, 1)", SqlState.NOT_NULL_VIOLATION.code()},
      {"insert into t (name, n, pid) values ('c', 1, 9)", SqlState.FOREIGN_KEY_VIOLATION.code()},
      {"insert into t (name, n) values ('d', 0)", SqlState.CHECK_VIOLATION.code()},
      {"create table x (a, a)", SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION.code()},
      {"select 1; select 2", SqlState.SYNTAX_ERROR.code()},
    };
    for (String[] c : cases) {
      List<SessionResponse> answer = client.query(c[0]);
      assertEquals(List.of("error " + c[1], "ready IDLE"), describe(answer), c[0]);
      assertFalse(answer.get(0).getError().getMessage().contains(data.toString()), c[0]);
    }
    assertEquals("SELECT 1", describe(client.query("select * from t")).get(2));
  }

  @Test
  void reportsAWriteLockHeldTooLongAsLockNotAvailable() throws Exception {
    SessionClient holder = session("acme");
    holder.query("create table t (a int)");
    holder.query("begin immediate");
    SessionClient waiter = session("acme");
    waiter.query("pragma busy_timeout = 10");
    assertEquals(
        List.of("error " + SqlState.LOCK_NOT_AVAILABLE.code(), "ready IDLE"),
        describe(waiter.query("insert into t values (1)")));
    holder.query("rollback");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(waiter.query("insert into t values (1)")));
  }

  @Test
  void keepsTenantsWithTheSameTableNamesApart() throws Exception {
    SessionClient acme = session("acme");
    SessionClient globex = session("globex");
    acme.query("create table users (name text)", "insert into users values ('acme-alice')");
    globex.query("create table users (name text)", "insert into users values ('globex-bob')");
    List<SessionResponse> acmeRows = acme.query("select name from users");
    List<SessionResponse> globexRows = globex.query("select name from users");
    assertEquals(
        List.of(Value.newBuilder().setText("acme-alice").build()),
        acmeRows.get(1).getRows().getRows(0).getValuesList());
    assertEquals(
        List.of(Value.newBuilder().setText("globex-bob").build()),
        globexRows.get(1).getRows().getRows(0).getValuesList());
    assertEquals("SELECT 1", describe(acmeRows).get(2));
  }

  @Test
  void refusesAStaleEpochNamingTheOwnerItKnows() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = connect();
    assertEquals(
        List.of("error 57P03 wrong(" + acme.getShard() + ",1," + NODE_ID + ")"),
        describe(client.open("acme", acme.getShard(), 2)));
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @Test
  void refusesAShardOwnedByAnotherNode() throws Exception {
    tenant("acme"); // places a first shard on this node
    registerOtherNode("n2");
    TenantRecord elsewhere = null;
    for (int i = 0; i < 50 && elsewhere == null; i++) {
      TenantRecord t = tenant("tenant" + i);
      if (topology.shard(t.getShard()).orElseThrow().getNodeId().equals("n2")) {
        elsewhere = t;
      }
    }
    assertTrue(elsewhere != null, "some tenant lands on n2");
    SessionClient client = connect();
    assertEquals(
        List.of("error 57P03 wrong(" + elsewhere.getShard() + ",1,n2)"),
        describe(client.open(elsewhere.getName(), elsewhere.getShard(), 1)));
  }

  @Test
  void refusesAnOpenNamingAnotherShardThanTheTenants() throws Exception {
    TenantRecord acme = tenant("acme");
    int wrongShard = (acme.getShard() + 1) % 8;
    SessionClient client = connect();
    assertEquals(
        List.of("error 57P03 wrong(" + acme.getShard() + ",1," + NODE_ID + ")"),
        describe(client.open("acme", wrongShard, 1)));
  }

  @Test
  void refusesWritesOnceTheShardMovedAway() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    topology.move(acme.getShard(), "n2", 2);
    assertEquals(
        List.of("columns a:INT8", "SELECT 0", "ready IDLE"),
        describe(client.query("select a from t")));
    assertEquals(
        List.of("error 57P03 wrong(" + acme.getShard() + ",2,n2)"),
        describe(client.query("insert into t values (1)")));
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @Test
  void everyConnectionHasTheNodesTypeFunctionForCatalogQueries() throws Exception {
    tenant("acme");
    SessionClient client = session("acme");
    List<SessionResponse> answer =
        client.query(
            "select rhizome_pg_type('VARCHAR(20)'), rhizome_pg_type('bigint'),"
                + " rhizome_pg_type('BOOLEAN'), rhizome_pg_type('NUMERIC(10,2)'),"
                + " rhizome_pg_type(null), rhizome_pg_type('whatever')");
    List<Long> oids =
        answer.get(1).getRows().getRows(0).getValuesList().stream()
            .map(v -> v.getInteger())
            .toList();
    assertEquals(List.of(25L, 20L, 16L, 1700L, 25L, 25L), oids);
  }

  @Test
  void aTransactionCutByAMoveFailsWith40001SoTheClientRetriesIt() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), describe(client.query("begin")));
    topology.move(acme.getShard(), "n2", 2);
    assertEquals(
        List.of("error 40001 wrong(" + acme.getShard() + ",2,n2)"),
        describe(client.query("insert into t values (1)")));
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @Test
  void answersAnUnknownTenantWithInvalidCatalogName() throws Exception {
    SessionClient client = connect();
    List<SessionResponse> answer = client.open("nope", 0, 1);
    assertEquals(List.of("error 3D000"), describe(answer));
    assertEquals("database \"nope\" does not exist", answer.get(0).getError().getMessage());
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "../../etc/passwd", "a/b", ".", "", "Acme", "a\u0000b"})
  void refusesInvalidNamesWithoutTouchingAnyPath(String name) throws Exception {
    Set<Path> before = filesUnder(data);
    SessionClient client = connect();
    List<SessionResponse> answer = client.open(name, 0, 1);
    assertEquals(List.of("error 3D000"), describe(answer));
    assertEquals("database does not exist", answer.get(0).getError().getMessage());
    assertEquals(before, filesUnder(data));
  }

  @Test
  void refusesAHugeNameWithoutEchoingIt() throws Exception {
    SessionClient client = connect();
    List<SessionResponse> answer = client.open("x".repeat(10_000), 0, 1);
    assertEquals("database does not exist", answer.get(0).getError().getMessage());
  }

  @Test
  void insistsOnOpenFirstAndOnlyOnce() throws Exception {
    SessionClient early = connect();
    assertEquals(List.of("error 08P01"), describe(early.query("select 1")));
    assertEquals(Status.Code.OK, early.awaitEnd().getCode());

    TenantRecord acme = tenant("acme");
    SessionClient twice = session("acme");
    assertEquals(List.of("error 08P01"), describe(twice.open("acme", acme.getShard(), 1)));
    assertEquals(Status.Code.OK, twice.awaitEnd().getCode());
  }

  @Test
  void readsAnswerOnTheThreadThatDeliversThemAndDdlGoesOnOnAWorker() throws Exception {
    // Credit for every answer up front: in-process gRPC is ready for a message only while the
    // client has asked for one, and a session that waits for readiness resumes on a worker.
    SessionClient client = connectWithManualFlowControl();
    client.request(1_000);
    TenantRecord acme = tenant("acme");
    client.open("acme", acme.getShard(), epoch(acme.getShard()));
    client.query("create table t (n integer)");
    client.query("select 0");
    long inline = node.metrics().requestsInline();
    long moved = node.metrics().requestsMoved();
    for (int i = 1; i <= 3; i++) {
      assertEquals(
          List.of("columns " + i + ":INT8", "rows 1", "SELECT 1", "ready IDLE"),
          describe(client.query("select " + i)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.metrics().requestsInline() >= inline + 3);
    assertEquals(moved, node.metrics().requestsMoved(), "no read went to a worker");
    // Short auto-commit writes may stay there too (NodeInlineWriteTest); DDL never does.
    assertEquals(
        List.of("CREATE TABLE", "ready IDLE"),
        describe(client.query("create table u (n integer)")));
    assertEquals(moved + 1, node.metrics().requestsMoved());
  }

  @Test
  void answersAnEmptyQuery() throws Exception {
    SessionClient client = session("acme");
    assertEquals(List.of("empty", "ready IDLE"), describe(client.query()));
  }

  @Test
  void streamsALargeResultNoFasterThanTheClientReads() throws Exception {
    SessionClient client = connectWithManualFlowControl();
    TenantRecord acme = tenant("acme");
    client.request(1);
    assertEquals(
        List.of("opened " + NODE_ID, "ready IDLE"),
        describe(client.open("acme", acme.getShard(), 1)));
    assertEquals(1, client.batches(), "Opened and Ready cross as one batch");
    long rowBatchesBefore = node.metrics().rowBatchesSent();
    long pauses = node.metrics().flowControlPauses();
    client.request(1);
    client.send(
        SessionRequest.newBuilder()
            .setQuery(
                Query.newBuilder()
                    .addStatements(
                        "with recursive c(n) as (select 1 union all select n + 1 from c"
                            + " where n < 200000) select n, 'row ' || n as label from c"))
            .build());
    List<SessionResponse> received = new ArrayList<>();
    for (int requested = 2; requested <= 4; requested++) {
      // Out of credit, the node parks rather than read ahead into a buffer: every row it has read
      // went out in the batches the client asked for.
      awaitPauseAfter(pauses);
      int batches = requested;
      await().atMost(Duration.ofSeconds(10)).until(() -> client.batches() == batches);
      received.addAll(client.available());
      long rowBatches = received.stream().filter(SessionResponse::hasRows).count();
      assertEquals(rowBatches, node.metrics().rowBatchesSent() - rowBatchesBefore);
      assertTrue(rowBatches > 0 && rowBatches < 400, "a batch is bounded: " + rowBatches);
      pauses = node.metrics().flowControlPauses();
      client.request(1);
    }
    assertEquals("columns n:INT8,label:TEXT", describe(received.get(0)));
    client.request(1_000_000);
    received.addAll(client.untilReadyOrEnd());
    int rows =
        received.stream()
            .filter(SessionResponse::hasRows)
            .mapToInt(r -> r.getRows().getRowsCount())
            .sum();
    assertEquals(200000, rows);
    assertEquals(
        List.of("SELECT 200000", "ready IDLE"),
        describe(received.subList(received.size() - 2, received.size())));
  }

  private void awaitPauseAfter(long pausesBefore) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.metrics().flowControlPauses() > pausesBefore);
  }

  private static Set<Path> filesUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> !p.getFileName().toString().startsWith("meta.db"))
          .collect(Collectors.toSet());
    }
  }
}
