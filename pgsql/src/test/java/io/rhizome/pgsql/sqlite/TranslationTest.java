/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.TestSession;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TranslationTest {
  private static final TestSession SESSION = new TestSession();

  private static String translate(String sql) {
    return Translation.ofQuery(sql, SESSION).orElse(sql);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "schema qualifiers",
            "SELECT t.a FROM pg_catalog.pg_class c, information_schema.tables t, public.books b",
            "SELECT t.a FROM pg_class c, information_schema_tables t, main.books b"),
        Arguments.of(
            "session functions become constants",
            "SELECT 1 AS x, current_user, current_database(), current_schema, pg_backend_pid()",
            "SELECT 1 AS \"x\", 'app' AS \"current_user\", 'acme' AS \"current_database\","
                + " 'public' AS \"current_schema\", 4242 AS \"pg_backend_pid\""),
        Arguments.of(
            "a keyword SQLite reserves as a label is quoted (Sequelize's showIndex)",
            "SELECT ix.indisprimary AS primary, ix.indisunique AS unique FROM pg_index ix",
            "SELECT ix.indisprimary AS \"primary\", ix.indisunique AS \"unique\" FROM pg_index"
                + " ix"),
        Arguments.of(
            "greatest and least ignore NULLs",
            "SELECT greatest(a, NULL, 3) AS g, least(a, b) AS l FROM t",
            "SELECT max(coalesce(a, NULL, 3), coalesce(NULL, 3, a), coalesce(3, a, NULL)) AS \"g\","
                + " min(coalesce(a, b), coalesce(b, a)) AS \"l\" FROM t"),
        Arguments.of(
            "extract(field FROM x) is the node's date_part",
            "SELECT extract(year FROM d) AS y, EXTRACT('Month' FROM t.at) AS m FROM t",
            "SELECT date_part('year', d) AS \"y\", date_part('Month', t.at) AS \"m\" FROM t"),
        Arguments.of(
            "timestamp plus or minus an interval is the node's interval arithmetic",
            "SELECT timestamp '2024-01-31' + interval '1 day' AS a, now() - '1 hour'::interval AS b,"
                + " interval '2 days' + d AS c FROM t",
            "SELECT rhizome_interval_add('2024-01-31', '1 day', 1) AS \"a\","
                + " rhizome_interval_add(strftime('%Y-%m-%d %H:%M:%f+00', 'now'), '1 hour', -1)"
                + " AS \"b\", rhizome_interval_add(d, '2 days', 1) AS \"c\" FROM t"),
        Arguments.of(
            "date plus days, date minus date",
            "SELECT d::date + 7 AS a, date '2024-03-01' - date '2024-02-01' AS b FROM t",
            "SELECT date(substr(d, 1, 10), printf('%+d days', (7))) AS \"a\","
                + " CAST(julianday('2024-03-01') - julianday('2024-02-01') AS INTEGER) AS \"b\""
                + " FROM t"),
        Arguments.of(
            "current_schemas is an array of the existing schemas",
            "SELECT (pg_catalog.current_schemas(true))[1] AS s",
            "SELECT rhizome_array_get(('{pg_catalog,public}'), 1) AS \"s\""),
        Arguments.of(
            "regclass of a constant is a lookup where compared",
            "SELECT a FROM pg_attribute a WHERE a.attrelid = 'public.books'::regclass",
            "SELECT a FROM pg_attribute a WHERE a.attrelid = to_regclass('public.books')"),
        Arguments.of(
            "regclass of an oid prints the name where shown",
            "SELECT c.oid::pg_catalog.regclass FROM pg_catalog.pg_class c",
            "SELECT rhizome_relname(c.oid) AS \"oid\" FROM pg_class c"),
        Arguments.of(
            "regtype of a parameter",
            "SELECT typname FROM pg_type t WHERE t.oid = $1::regtype",
            "SELECT typname FROM pg_type t WHERE t.oid = to_regtype($1)"),
        Arguments.of(
            "a parameter cast to an array is declared by the array's OID, with text affinity",
            "SELECT t.typname FROM pg_type t WHERE t.oid = any($1::oid[])",
            "SELECT t.typname FROM pg_type t WHERE t.oid IN (SELECT value FROM"
                + " json_each(rhizome_array_json(CAST($1 AS TEXT_ARRAY_1028))))"),
        Arguments.of(
            "CASE is named by its ELSE when that has a name of its own, else case",
            "SELECT CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::text"
                + " END, CASE WHEN c.relkind = 'r' THEN 1 ELSE 0::int4 END FROM pg_class c",
            "SELECT CASE WHEN c.reloftype = 0 THEN '' ELSE CAST(format_type(to_regtype(c.reloftype), NULL) AS"
                + " TEXT) END AS \"reloftype\", CASE WHEN c.relkind = 'r' THEN 1 ELSE 0 END AS"
                + " \"case\" FROM pg_class c"),
        Arguments.of(
            "LIKE with an empty ESCAPE has no escape character (Hibernate writes it)",
            "select b.id from books b where b.title like $1 escape ''",
            "select b.id from books b where b.title LIKE $1"),
        Arguments.of(
            "casts to text and to integers",
            "SELECT x::text AS a, '12'::int4 AS b, y::bigint AS c FROM t",
            "SELECT CAST(x AS TEXT) AS \"a\", 12 AS \"b\", CAST(CASE WHEN typeof(y) = 'real' THEN round(y) ELSE y END AS INTEGER) AS \"c\" FROM t"),
        Arguments.of(
            "regular expressions",
            "SELECT a FROM t WHERE a OPERATOR(pg_catalog.~) '^(x)$' COLLATE pg_catalog.default"
                + " AND b !~* 'y'",
            "SELECT a FROM t WHERE (regexp_like(a, '^(x)$')) AND (NOT regexp_like(b, 'y', 'i'))"),
        Arguments.of(
            "ANY of a constant array is IN",
            "SELECT a FROM t WHERE k = ANY (ARRAY['r', 'p'])",
            "SELECT a FROM t WHERE k IN ('r', 'p')"),
        Arguments.of(
            "ANY of an array value reads its elements",
            "SELECT a FROM t WHERE n = ANY(t.keys)",
            "SELECT a FROM t WHERE n IN (SELECT value FROM json_each(rhizome_array_json(t.keys)))"),
        Arguments.of(
            "<> ALL",
            "SELECT word FROM t WHERE word <> ALL ('{a,b}'::text[])",
            "SELECT word FROM t WHERE word NOT IN (SELECT value FROM json_each(rhizome_array_json('{a,b}')))"),
        Arguments.of(
            "escape strings and dollar quotes become plain constants",
            "SELECT E'a\\nb' AS x, $$it's$$ AS y",
            "SELECT 'a\nb' AS \"x\", 'it''s' AS \"y\""),
        Arguments.of(
            "LIKE escapes with a backslash, ILIKE is SQLite's LIKE",
            "SELECT a FROM t WHERE a LIKE 'x\\_%' AND b ILIKE 'y'",
            "SELECT a FROM t WHERE a LIKE 'x\\_%' ESCAPE '\\' AND b LIKE 'y' ESCAPE '\\'"),
        Arguments.of(
            "boolean output columns get the node's boolean type and Postgres' names",
            "SELECT true AS t, a.x = 1, NOT a.y FROM pg_catalog.pg_attribute a",
            "SELECT (SELECT rhz_b FROM rhizome_bool WHERE rhz_b = (true)) AS \"t\","
                + " (SELECT rhz_b FROM rhizome_bool WHERE rhz_b = (a.x = 1)) AS \"?column?\","
                + " (SELECT rhz_b FROM rhizome_bool WHERE rhz_b = (NOT a.y)) AS \"?column?\""
                + " FROM pg_attribute a"),
        Arguments.of(
            "substring, trim and position in their SQL forms",
            "SELECT substring(p.x from 0 for 6), trim(both '\"' from y), position('a' in z) FROM pg_proc p",
            "SELECT substr(p.x, 0, 6) AS \"substring\", trim(y, '\"') AS \"btrim\","
                + " instr(z, 'a') AS \"position\" FROM pg_proc p"),
        Arguments.of(
            "set-returning functions in a select list are zipped into the FROM list",
            "SELECT unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord"
                + " FROM pg_catalog.pg_index ix",
            "SELECT rhz_srf1.value \"attnum\", (rhz_srf1.key + rhizome_array_lower(ix.indkey)) \"ord\""
                + " FROM pg_index ix, json_each(rhizome_array_json(ix.indkey)) AS rhz_srf1"),
        Arguments.of(
            "a set-returning function of constants in FROM is a subquery with its columns",
            "SELECT pos.n FROM pg_catalog.generate_series(1, 32) pos(n)",
            "SELECT pos.n FROM (SELECT rhz_j.value AS \"n\" FROM json_each(rhizome_series(1, 32))"
                + " AS rhz_j) AS \"pos\""),
        Arguments.of(
            "a correlated one stays json_each and references to it are rewritten",
            "SELECT ARRAY(SELECT 'toast.' || x FROM pg_catalog.unnest(tc.reloptions) x) FROM pg_class tc",
            "SELECT (SELECT coalesce(array_agg(rhz_element), '{}') FROM (SELECT 'toast.' || x.value AS rhz_element"
                + " FROM json_each(rhizome_array_json(tc.reloptions)) AS \"x\")) AS \"array\""
                + " FROM pg_class tc"),
        Arguments.of(
            "session relations are subqueries of constants",
            "SELECT setting FROM pg_catalog.pg_settings WHERE name='max_index_keys'",
            "SELECT setting FROM (SELECT column1 AS name, column2 AS setting, column3 AS unit,"
                + " column4 AS category, column5 AS short_desc, column6 AS extra_desc, column7 AS"
                + " context, column8 AS vartype, column9 AS source, column10 AS min_val, column11"
                + " AS max_val, column12 AS enumvals, column13 AS boot_val, column14 AS reset_val,"
                + " column15 AS sourcefile, column16 AS sourceline, column17 AS pending_restart"
                + " FROM (VALUES ('max_index_keys', '32', NULL, 'Preset Options', 'Maximum number"
                + " of index keys.', NULL, 'internal', 'integer', 'default', NULL, NULL, NULL,"
                + " '32', '32', NULL, NULL, (SELECT rhz_b FROM rhizome_bool WHERE rhz_b = 0)),"
                + " ('search_path', '\"$user\", public', NULL, 'Client Connection Defaults',"
                + " 'Schema search order.', NULL, 'user', 'string', 'default', NULL, NULL, NULL,"
                + " '\"$user\", public', '\"$user\", public', NULL, NULL, (SELECT rhz_b FROM"
                + " rhizome_bool WHERE rhz_b = 0)))) AS pg_settings WHERE name='max_index_keys'"),
        Arguments.of(
            "a catalog boolean compared with a string constant",
            "SELECT i.relname FROM pg_index ix, pg_class i WHERE ix.indisprimary = 'f'"
                + " AND 't' = i.relhasindex AND i.relkind = 't'",
            "SELECT i.relname FROM pg_index ix, pg_class i WHERE ix.indisprimary = FALSE"
                + " AND TRUE = i.relhasindex AND i.relkind = 't'"),
        Arguments.of(
            "OFFSET before LIMIT and LIMIT ALL",
            "SELECT a FROM t ORDER BY a OFFSET 2 LIMIT ALL",
            "SELECT a FROM t ORDER BY a LIMIT -1 OFFSET 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void translates(String name, String postgres, String sqlite) {
    assertEquals(sqlite, translate(postgres));
  }

  @Test
  void aQueryThatNeedsNothingIsNotTranslated() {
    assertEquals(
        Optional.empty(), Translation.ofQuery("SELECT a, b FROM t UNION ALL SELECT 1, 2", SESSION));
    assertEquals(
        Optional.empty(),
        Translation.ofQuery(
            "SELECT t.a, u.b AS c FROM t JOIN u ON u.id = t.id GROUP BY t.a ORDER BY a", SESSION));
  }

  @Test
  void aQueryThatNeedsOnlyNamesGetsItsLabelsAndNothingElse() {
    assertEquals(
        Optional.of("SELECT a, count(*) AS \"count\" FROM t GROUP BY a UNION ALL SELECT 1, 2"),
        Translation.ofQuery("SELECT a, count(*) FROM t GROUP BY a UNION ALL SELECT 1, 2", SESSION));
    assertEquals(
        Optional.of(
            "SELECT t.a, count(*) AS \"count\" FROM t JOIN u ON u.id = t.id GROUP BY t.a"
                + " ORDER BY a"),
        Translation.ofQuery(
            "SELECT t.a, count(*) FROM t JOIN u ON u.id = t.id GROUP BY t.a ORDER BY a", SESSION));
  }

  @Test
  void untranslatableConstructsAreNamed() {
    for (String[] c :
        new String[][] {
          {"SELECT a FROM t FOR UPDATE", "FOR UPDATE"},
          {"SELECT a FROM t, LATERAL (SELECT 1) x", "LATERAL"},
          {"SELECT x::point FROM t", "point"},
          {"SELECT a SIMILAR TO 'x' FROM t", "SIMILAR TO"},
          {"SELECT set_config('a', 'b', false), 1", "set_config"},
        }) {
      SqlException e = assertThrows(SqlException.class, () -> translate(c[0]), c[0]);
      assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  @Test
  void clientConnectQueriesTranslateAsPostgresReadsThem() {
    // Npgsql joins pg_proc on a regproc column: the name the node keeps compares as its OID...
    assertTrue(
        translate("SELECT t.oid FROM pg_type t LEFT JOIN pg_proc p ON p.oid = t.typreceive")
            .contains("(p.oid = " + NodeCatalog.REGPROC_OID + "(t.typreceive))"));
    // ... but compared with a function's name it stays a name.
    String byName = translate("SELECT typname FROM pg_type WHERE typinput = 'array_in'::regproc");
    assertTrue(!byName.contains(NodeCatalog.REGPROC_OID), byName);
    // ORDER BY oid names the output column pg_type.oid (Npgsql's enum load), not pg_enum's oid.
    assertTrue(
        translate(
                "SELECT pg_type.oid, enumlabel FROM pg_enum JOIN pg_type ON pg_type.oid=enumtypid"
                    + " ORDER BY oid, enumsortorder")
            .startsWith("SELECT pg_type.oid AS \"oid\", enumlabel"));
    // ARRAY(WITH ... SELECT x): the CTE's columns keep their names (pgAdmin's role walk).
    String array =
        translate(
            "SELECT 'r' = ANY(ARRAY(WITH RECURSIVE cte AS (SELECT pg_roles.oid, pg_roles.rolname"
                + " FROM pg_roles UNION ALL SELECT m.roleid, pgr.rolname FROM cte c1 JOIN"
                + " pg_auth_members m ON m.member = c1.oid JOIN pg_roles pgr ON pgr.oid ="
                + " m.roleid) SELECT rolname FROM cte)) AS x");
    assertTrue(array.contains("SELECT pg_roles.oid, pg_roles.rolname"), array);
    // A CASE with a boolean branch is boolean.
    assertTrue(
        translate(
                "SELECT CASE WHEN r.rolsuper THEN true ELSE r.rolcreatedb END AS c FROM pg_roles r")
            .contains(NodeCatalog.BOOL_TABLE));
  }

  @Test
  void setConfigInsideAQueryAnswersOnlyWhenNothingChanges() {
    assertTrue(
        translate(
                "SELECT set_config('timezone','UTC',false) FROM pg_settings"
                    + " WHERE name = 'timezone'")
            .startsWith("SELECT 'UTC' AS \"set_config\""));
    SqlException e =
        assertThrows(
            SqlException.class,
            () -> translate("SELECT set_config('timezone','Europe/Paris',false) FROM pg_settings"));
    assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason());
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000) + "::int";
    assertThrows(SqlException.class, () -> translate(deep));
  }

  @Test
  void anUnknownSettingIsUndefinedObject() {
    SqlException e =
        assertThrows(SqlException.class, () -> translate("SELECT current_setting('nope')"));
    assertEquals(SqlException.Reason.UNDEFINED_OBJECT, e.reason());
  }
}
