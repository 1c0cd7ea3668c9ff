/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.SqlState;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConnection;

/** The isolation policy: which statements a tenant may run, and what every connection pins. */
class TenantLockdownTest {
  private static final String ALLOWED = "allowed";
  private static final String REFUSED = SqlState.INSUFFICIENT_PRIVILEGE.code();
  private static final TenantLockdown LOCKDOWN =
      new TenantLockdown(TenantQuotas.DEFAULT).allowing(List.of("my_func"));

  /** Statement → allowed, or the SQLSTATE it is refused with. */
  static Stream<String[]> policy() {
    return Stream.of(
        // ordinary work, and keywords that only look dangerous
        row("select 1", ALLOWED),
        row("create table t (a int)", ALLOWED),
        row("insert into t values ('attach ''/etc/passwd'' as p')", ALLOWED),
        row("select 'pragma journal_mode = off' as s", ALLOWED),
        row("-- attach 'x' as y\nselect 1", ALLOWED),
        row("select 1 /* vacuum into 'x' */", ALLOWED),
        row("create table \"attach\" (\"pragma\" text)", ALLOWED),
        row("explain select 1", ALLOWED),
        row("explain query plan select * from t", ALLOWED),
        // ATTACH / DETACH, in every spelling
        row("ATTACH '/etc/passwd' AS p", REFUSED),
        row("attach database ':memory:' as m", REFUSED),
        row("ATTACH 'file:../7/other.db?mode=ro' AS o", REFUSED),
        row("ATTACH '../7/other.db' AS o", REFUSED),
        row("  /* hi */ AtTaCh 'x' as y", REFUSED),
        row(";; attach 'x' as y", REFUSED),
        row("explain attach 'x' as y", REFUSED),
        row("DETACH m", REFUSED),
        row("detach database main", REFUSED),
        // VACUUM
        row("VACUUM", ALLOWED),
        row("vacuum main", ALLOWED),
        row("VACUUM;", ALLOWED),
        row("VACUUM INTO '/tmp/copy.db'", REFUSED),
        row("vacuum main into 'copy.db'", REFUSED),
        row("vacuum \"main\" INTO 'copy.db'", REFUSED),
        row("vacuum into('copy' || '.db')", REFUSED),
        // extensions
        row("select load_extension('/tmp/evil.so')", REFUSED),
        row("select Load_Extension('/tmp/evil.so', 'entry')", REFUSED),
        row("select \"load_extension\"('/tmp/evil.so')", REFUSED),
        row("create view v as select load_extension('x')", REFUSED),
        // introspection pragmas
        row("PRAGMA table_info(t)", ALLOWED),
        row("pragma main.table_info('t')", ALLOWED),
        row("PRAGMA temp.table_list", ALLOWED),
        row("PRAGMA table_xinfo(t)", ALLOWED),
        row("PRAGMA index_list(t)", ALLOWED),
        row("PRAGMA foreign_key_list(t)", ALLOWED),
        row("PRAGMA foreign_key_check", ALLOWED),
        row("PRAGMA integrity_check", ALLOWED),
        row("PRAGMA quick_check(10)", ALLOWED),
        row("PRAGMA optimize", ALLOWED),
        row("PRAGMA page_count", ALLOWED),
        row("PRAGMA function_list", ALLOWED),
        row("PRAGMA pragma_list", ALLOWED),
        // readable settings, not settable
        row("PRAGMA foreign_keys", ALLOWED),
        row("PRAGMA journal_mode", ALLOWED),
        row("PRAGMA main.journal_mode", ALLOWED),
        row("PRAGMA max_page_count", ALLOWED),
        row("PRAGMA page_size", ALLOWED),
        row("PRAGMA \"encoding\"", ALLOWED),
        row("PRAGMA foreign_keys = OFF", REFUSED),
        row("PRAGMA foreign_keys(0)", REFUSED),
        row("PRAGMA journal_mode = OFF", REFUSED),
        row("pragma journal_mode(memory)", REFUSED),
        row("PRAGMA main.journal_mode = wal", REFUSED),
        row("PRAGMA synchronous = OFF", REFUSED),
        row("PRAGMA locking_mode = EXCLUSIVE", REFUSED),
        row("PRAGMA mmap_size = 1099511627776", REFUSED),
        row("PRAGMA max_page_count = 4294967294", REFUSED),
        row("PRAGMA cache_size = -100000000", REFUSED),
        row("PRAGMA busy_timeout = 0", REFUSED),
        row("PRAGMA wal_autocheckpoint = 0", REFUSED),
        row("PRAGMA trusted_schema = ON", REFUSED),
        row("PRAGMA cell_size_check = OFF", REFUSED),
        row("PRAGMA schema_version = 1", REFUSED),
        row("PRAGMA page_size = 65536", REFUSED),
        row("PRAGMA query_only = 1", REFUSED),
        // the tenant's own header fields
        row("PRAGMA user_version", ALLOWED),
        row("PRAGMA user_version = 7", ALLOWED),
        row("PRAGMA application_id = 42", ALLOWED),
        row("PRAGMA defer_foreign_keys = ON", ALLOWED),
        // pragmas that reach outside the file or weaken the store, in every spelling
        row("PRAGMA temp_store_directory = '/tmp'", REFUSED),
        row("PRAGMA temp_store_directory", REFUSED),
        row("PRAGMA data_store_directory = '/tmp'", REFUSED),
        row("PRAGMA writable_schema = ON", REFUSED),
        row("PRAGMA temp.writable_schema = 1", REFUSED),
        row("PRAGMA 'writable_schema' = 1", REFUSED),
        row("PRAGMA \"WRITABLE_SCHEMA\" = 1", REFUSED),
        row("PRAGMA [writable_schema] = 1", REFUSED),
        row("explain pragma writable_schema = 1", REFUSED),
        row("explain query plan pragma writable_schema = 1", REFUSED),
        row("PRAGMA wal_checkpoint(TRUNCATE)", REFUSED),
        row("PRAGMA wal_checkpoint", REFUSED),
        row("PRAGMA database_list", REFUSED),
        row("PRAGMA hard_heap_limit = 1", REFUSED),
        row("PRAGMA soft_heap_limit = 1", REFUSED),
        row("PRAGMA threads = 8", REFUSED),
        row("PRAGMA ignore_check_constraints = ON", REFUSED),
        row("PRAGMA no_such_pragma", REFUSED),
        row("PRAGMA", REFUSED),
        // table-valued pragma functions: allow-listed names only, in any spelling
        row("select * from pragma_table_info('t')", ALLOWED),
        row("select * from main.pragma_index_list('t')", ALLOWED),
        row("select name from pragma_function_list", ALLOWED),
        row("select * from pragma_journal_mode", ALLOWED),
        row("select * from pragma_database_list", REFUSED),
        row("select file from PRAGMA_DATABASE_LIST", REFUSED),
        row("select * from 'pragma_database_list'", REFUSED),
        row("select * from [pragma_database_list]", REFUSED),
        row("select * from main.\"pragma_database_list\"", REFUSED),
        row("select * from `pragma_database_list`", REFUSED),
        row("create view v as select * from pragma_database_list", REFUSED),
        row("with x as (select * from pragma_database_list) select * from x", REFUSED),
        // functions: the allow-list, in every spelling and position
        row("select upper('a'), lower('B'), length(x'00'), json_extract('{}', '$')", ALLOWED),
        row("select count(*), max(a), group_concat(a) over (order by a) from t", ALLOWED),
        row("select replace('a', 'a', 'b'), like('a', 'b'), glob('a', 'b'), iif(1, 2, 3)", ALLOWED),
        row("select my_func(1), MY_FUNC(2)", ALLOWED),
        row("select fts3_tokenizer(?)", REFUSED),
        row("select fts3_tokenizer('simple', ?)", REFUSED),
        row("SELECT \"FTS3_TOKENIZER\"($1)", REFUSED),
        row("select [fts3_tokenizer]('simple')", REFUSED),
        row("select 1, -fts3_tokenizer(?) as p", REFUSED),
        row("select * from t where a in (select fts3_tokenizer(?))", REFUSED),
        row("create view v as select fts3_tokenizer('simple')", REFUSED),
        row("create trigger tr after insert on t begin select fts3_tokenizer('x'); end", REFUSED),
        row("create table g (a, b as (fts3_tokenizer(a)))", REFUSED),
        row("create index i on t(fts3_tokenizer(a))", REFUSED),
        row("select replicate('a', 4294967296)", REFUSED),
        row("select padl('a', 4294967296)", REFUSED),
        row("select sqlite_log(1, 'x')", REFUSED),
        row("select sqlite_source_id()", REFUSED),
        row("select sqlite_compileoption_get(0)", REFUSED),
        row("select rtreenode(2, x'00')", REFUSED),
        row("select fts5(?)", REFUSED),
        row("select lower_quartile(a) from t", REFUSED),
        row("select no_such_function(1)", SqlState.UNDEFINED_FUNCTION.code()),
        row("select sqlite_version(), unixepoch(), printf('%d', 1)", ALLOWED),
        // names followed by a parenthesis that are not calls
        row(
            "create table t (a varchar(10), b decimal(10, 2), key varchar(3), \"c\" int(4))",
            ALLOWED),
        row("create table if not exists t2(a)", ALLOWED),
        row("create table main.t3(a unsigned big int(8))", ALLOWED),
        row("insert into t(a) values (1)", ALLOWED),
        row("insert into main.t(a) select 1", ALLOWED),
        row("insert or replace into t(a) values (1) on conflict(a) do nothing", ALLOWED),
        row("create index i on t(a, lower(a)) where a > 1", ALLOWED),
        row("create unique index if not exists i on t(a)", ALLOWED),
        row(
            "create table c (a references t(a), primary key (a), unique (a), check (a > 0))",
            ALLOWED),
        row("create view v(x) as select 1", ALLOWED),
        row("with a(x) as (select 1), b(y) as (select 2) select * from a, b", ALLOWED),
        row(
            "with recursive c(x) as (select 1 union all select x + 1 from c) select * from c",
            ALLOWED),
        row(
            "with a as (with b(z) as (select 1) select * from b), d(w) as (select 2) select 1",
            ALLOWED),
        row("select cast(a as varchar(10)) from t", ALLOWED),
        row("alter table t add column e varchar(20)", ALLOWED),
        row("select * from t where exists (select 1) and a in (1, 2)", ALLOWED),
        row("select a from t join u using (a)", ALLOWED),
        // table-valued functions and modules
        row("select * from json_each('[1]'), json_tree('{}')", ALLOWED),
        row("select * from t where a in json_each(?)", ALLOWED),
        row("create virtual table f using fts5(a, b)", ALLOWED),
        row("create virtual table f using fts4(a, tokenize=porter)", ALLOWED),
        row("create virtual table r using rtree(id, x0, x1)", ALLOWED),
        row("create virtual table d using dbstat", REFUSED),
        row("create virtual table d using 'dbstat'", REFUSED),
        row("create virtual table d using no_such_module(a)", REFUSED),
        row("select * from dbstat", REFUSED),
        row("select * from \"DBSTAT\"", REFUSED),
        row("select * from t, 'dbstat'", REFUSED),
        row("select * from sqlite_dbpage", REFUSED),
        row("select * from sqlite_stmt", REFUSED),
        row("select * from bytecode('select 1')", REFUSED),
        row("select * from generate_series(1, 10)", REFUSED),
        row("select * from main.unknown_table_function(1)", SqlState.UNDEFINED_FUNCTION.code()),
        // a string or column that merely spells a refused name is data
        row("select 'dbstat', 'fts3_tokenizer', 'replicate' as x", ALLOWED),
        row("select mode, reverse from settings", ALLOWED),
        row("PRAGMA compile_options", REFUSED),
        // the Postgres catalog's relations and functions are allowed; naming them lifts nothing
        row("select relname from pg_class where relkind = 'r'", ALLOWED),
        row("select format_type(atttypid, atttypmod) from pg_attribute", ALLOWED),
        row("select pg_get_indexdef(indexrelid) from pg_index", ALLOWED),
        row("select * from information_schema_tables", ALLOWED),
        row("select value from json_each(rhizome_series(1, 3))", ALLOWED),
        row("select * from pg_class, dbstat", REFUSED),
        row("select fts3_tokenizer('simple') from pg_type", REFUSED),
        row("select * from pg_class where relname = replicate('a', 3)", REFUSED),
        row("attach 'x' as pg_catalog", REFUSED));
  }

  @Test
  void aVerdictNamesTheCatalogRelationsAndFunctionsOfItsStatement() {
    assertEquals(
        List.of("FORMAT_TYPE", "PG_ATTRIBUTE", "PG_CLASS"),
        LOCKDOWN
            .classify(
                "select format_type(a.atttypid, a.atttypmod) from pg_attribute a"
                    + " join pg_class c on c.oid = a.attrelid")
            .catalogNames());
    assertEquals(List.of(), LOCKDOWN.classify("select v from kv where k = ?1").catalogNames());
  }

  private static String[] row(String sql, String expected) {
    return new String[] {sql, expected};
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("policy")
  void appliesThePolicy(String sql, String expected) {
    TenantLockdown.Verdict verdict = LOCKDOWN.classify(sql);
    assertEquals(
        expected,
        verdict.refused().map(r -> r.state().code()).orElse(ALLOWED),
        () -> sql + ": " + verdict.refused().map(TenantLockdown.Refusal::message).orElse(""));
  }

  @Test
  void refusalsNameTheStatementButNeverAPath() {
    assertEquals(
        "ATTACH is not allowed: a database can use only its own file",
        message("ATTACH '/srv/rhizome/shards/7/other.db' AS o"));
    assertEquals("VACUUM INTO is not allowed; plain VACUUM is", message("VACUUM INTO '/tmp/x'"));
    assertEquals(
        "PRAGMA journal_mode is set by the server and cannot be changed",
        message("PRAGMA journal_mode = OFF"));
    assertEquals(
        "PRAGMA temp_store_directory is not allowed",
        message("PRAGMA temp_store_directory = '/tmp'"));
  }

  @Test
  void echoesAtMostAShortPrefixOfAName() {
    String message = message("PRAGMA " + "x".repeat(10_000));
    assertTrue(message.length() < 100, message);
  }

  @Test
  void onlyAPlainVacuumRaisesTheAttachLimit() {
    assertTrue(LOCKDOWN.classify("vacuum").vacuum());
    assertFalse(LOCKDOWN.classify("select 1").vacuum());
  }

  private static String message(String sql) {
    return LOCKDOWN.classify(sql).refused().orElseThrow().message();
  }

  /** What every connection pins, on a real tenant file. */
  @Nested
  class OnAConnection {
    private static final long MAX_BYTES = 1 << 20;
    private static final int MAX_VALUE = 1 << 20;

    @TempDir Path data;
    private TenantLockdown lockdown;
    private SQLiteConnection connection;

    @BeforeEach
    void open() throws Exception {
      lockdown = new TenantLockdown(new TenantQuotas(MAX_BYTES, Duration.ZERO), MAX_VALUE);
      connection =
          new TenantStore(data, Synchronous.FULL, Duration.ofMillis(100), lockdown).open(3, "acme");
    }

    @AfterEach
    void close() throws SQLException {
      connection.close();
    }

    @Test
    void attachFailsInSqliteEvenWhenTheClassificationIsBypassed() {
      SQLException e = assertThrows(SQLException.class, () -> exec("ATTACH ':memory:' AS m"));
      assertTrue(e.getMessage().contains("too many attached databases - max 0"), e.getMessage());
    }

    @Test
    void loadExtensionIsOffInSqlite() {
      SQLException e =
          assertThrows(SQLException.class, () -> exec("select load_extension('/tmp/x.so')"));
      assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
    }

    @Test
    void admittedPlainVacuumRunsAndTheNextStatementRestoresTheAttachLimit() throws Exception {
      exec("create table t (a)");
      assertTrue(lockdown.admit(connection, "VACUUM").isEmpty());
      exec("VACUUM");
      assertTrue(lockdown.admit(connection, "select 1").isEmpty());
      assertThrows(SQLException.class, () -> exec("ATTACH ':memory:' AS m"));
    }

    @Test
    void refusedStatementLeavesTheAttachLimitAtZero() throws Exception {
      assertTrue(lockdown.admit(connection, "VACUUM INTO 'x.db'").isPresent());
      assertThrows(SQLException.class, () -> exec("VACUUM"));
    }

    @Test
    void refusedFunctionsFailInSqliteEvenWhenTheClassificationIsBypassed() throws Exception {
      try (PreparedStatement p = connection.prepareStatement("select fts3_tokenizer(?)")) {
        p.setString(1, "simple");
        SQLException e = assertThrows(SQLException.class, p::executeQuery);
        assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
      }
      // Without the shadow this one overflows a heap buffer and kills the process.
      SQLException e =
          assertThrows(SQLException.class, () -> exec("select replicate('a', 4294967296)"));
      assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
      exec("create view v as select sqlite_source_id() as s");
      e = assertThrows(SQLException.class, () -> longValue("select count(s) from v"));
      assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
    }

    @Test
    void allowedFunctionsAndModulesWorkWithTheShadowsInPlace() throws Exception {
      exec("create virtual table docs using fts5(body)");
      exec("insert into docs values ('the quick brown fox')");
      assertEquals(
          1, longValue("select count(*) from docs where docs match 'quick' order by bm25(docs)"));
      assertEquals(
          21, // "the quick brown [fox]"
          longValue(
              "select length(highlight(docs, 0, '[', ']')) from docs where docs match 'fox'"));
      exec("create virtual table box using rtree(id, x0, x1)");
      assertEquals(2, longValue("select count(*) from json_each('[1, 2]')"));
      assertEquals(3, longValue("select length(upper('abc'))"));
    }

    @Test
    void valuesPastTheLimitFailWithTooBig() {
      for (String attack :
          List.of(
              "select zeroblob(900000000)",
              "select randomblob(900000000)",
              "select printf('%.*c', 900000000, 'x')",
              "select length(hex(zeroblob(" + (MAX_VALUE / 2 + 1) + ")))")) {
        SQLException e = assertThrows(SQLException.class, () -> exec(attack), attack);
        assertEquals(18, e.getErrorCode() & 0xff, attack + ": " + e.getMessage()); // SQLITE_TOOBIG
      }
    }

    @Test
    void pinsTheSizeQuotaOnMainAndTemp() throws Exception {
      long pages = MAX_BYTES / 4096;
      assertEquals(pages, longValue("PRAGMA main.max_page_count"));
      assertEquals(pages, longValue("PRAGMA temp.max_page_count"));
    }

    private void exec(String sql) throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute(sql);
      }
    }

    private long longValue(String sql) throws SQLException {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }
}
