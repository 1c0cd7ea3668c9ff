/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.Set;

/**
 * The contract between the translation and the tenant's node: what a translated statement may name
 * besides the tenant's own tables. The node provides these on every tenant connection (its {@code
 * catalog} package); its tests check every name listed here.
 *
 * <ul>
 *   <li>the relations of {@code pg_catalog} under their own names ({@code pg_class}), and those of
 *       {@code information_schema} with the prefix {@code information_schema_} ({@code
 *       information_schema.tables} is {@code information_schema_tables});
 *   <li>Postgres' catalog functions under their own names ({@code format_type}, {@code
 *       pg_get_indexdef}, ..., {@code array_agg}, {@code regexp_like});
 *   <li>the helpers below, for what SQLite has no syntax for.
 * </ul>
 *
 * Arrays are values in Postgres' text form ({@code {a,b}}; {@code int2vector} and {@code oidvector}
 * in theirs, {@code 1 2}), so an array column reads in any client exactly as from Postgres.
 */
public final class NodeCatalog {
  private NodeCatalog() {}

  /**
   * A relation with one BOOLEAN column {@link #BOOL_COLUMN} and the rows 0 and 1: typed booleans
   * ({@code (SELECT rhz_b FROM rhizome_bool WHERE rhz_b = (x = 1))}). It has no rowid, so a column
   * of the statement named {@code oid} or {@code rowid} in the condition is not the relation's.
   */
  public static final String BOOL_TABLE = "rhizome_bool";

  /** The column of {@link #BOOL_TABLE}. */
  public static final String BOOL_COLUMN = "rhz_b";

  /**
   * A relation with no rows and one column per Postgres type the catalog uses, declared with that
   * type ({@link #typedColumn}). SQLite reports a compound's column types from its last arm, so a
   * {@code UNION ALL SELECT} of these columns {@code WHERE 0} gives computed columns their Postgres
   * types (clients read a column by the type the server describes).
   */
  public static final String TYPES_TABLE = "rhizome_types";

  /** The column of {@link #TYPES_TABLE} declared with a Postgres type (canonical name). */
  public static String typedColumn(String pgType) {
    return switch (pgType) {
      case "bool" -> "t_boolean";
      case "char" -> "t_pg_char";
      case "float4" -> "t_float4";
      case "float8" -> "t_float8";
      case "regtype" -> "t_oid";
      case "varchar" -> "t_text";
      case "oid", "name", "int2", "int4", "int8", "text", "regproc", "pg_node_tree", "xid" ->
          "t_" + pgType;
      case "int2vector", "oidvector", "timestamptz", "pg_lsn", "inet", "bytea", "anyarray" ->
          "t_" + pgType;
      case "_text", "_oid", "_int2", "_char", "_aclitem", "_name" -> "t_" + pgType;
      default -> "t_text";
    };
  }

  /**
   * The declared type of an array parameter: this prefix and the array type's OID ({@code
   * TEXT_ARRAY_1007} is int4[]). The value is the array's text form, so the name gives TEXT
   * affinity (SQLite reads affinity off the name, and an INT in it would make it an integer).
   */
  public static final String TEXT_ARRAY = "TEXT_ARRAY_";

  /** {@code rhizome_array(v, ...)}: ARRAY[v, ...] in Postgres' text form. */
  public static final String ARRAY = "rhizome_array";

  /** {@code rhizome_array_get(array, i)}: {@code array[i]} (int2vector and oidvector from 0). */
  public static final String ARRAY_GET = "rhizome_array_get";

  /** {@code rhizome_array_json(array)}: the elements as a JSON array, for json_each. */
  public static final String ARRAY_JSON = "rhizome_array_json";

  /** {@code rhizome_array_cat(a, b)}: {@code a || b} of two arrays. */
  public static final String ARRAY_CAT = "rhizome_array_cat";

  /** {@code rhizome_array_lower(array)}: the first subscript (1, or 0 for the vector types). */
  public static final String ARRAY_LOWER = "rhizome_array_lower";

  /** {@code rhizome_series(start, stop [, step])}: generate_series as a JSON array. */
  public static final String SERIES = "rhizome_series";

  /** {@code rhizome_keywords()}: pg_get_keywords() as a JSON array of objects. */
  public static final String KEYWORDS = "rhizome_keywords";

  /** {@code rhizome_relname(oid)}: a relation's name as regclass prints it. */
  public static final String RELNAME = "rhizome_relname";

  /** {@code rhizome_nspname(oid)}: a namespace's name as regnamespace prints it. */
  public static final String NSPNAME = "rhizome_nspname";

  /** {@code rhizome_namespace_oid(name)}: a namespace's OID ('public'::regnamespace). */
  public static final String NAMESPACE_OID = "rhizome_namespace_oid";

  /** {@code rhizome_bool_in(text)}: Postgres' boolean input ('t', 'yes', 'on', '1'...) as 1/0. */
  public static final String BOOL_IN = "rhizome_bool_in";

  /**
   * Boolean columns of the catalog's relations (and of pg_roles, pg_settings). The node stores
   * booleans as 1 and 0, so a comparison of one with a string constant ({@code indisprimary = 'f'},
   * which SQLAlchemy writes) compares with TRUE or FALSE instead.
   */
  public static final Set<String> BOOLEAN_COLUMNS =
      Set.of(
          "admin_option",
          "aggfinalextra",
          "aggmfinalextra",
          "attbyval",
          "atthasdef",
          "atthasmissing",
          "attisdropped",
          "attislocal",
          "attnotnull",
          "collisdeterministic",
          "condefault",
          "condeferrable",
          "condeferred",
          "conislocal",
          "connoinherit",
          "convalidated",
          "datallowconn",
          "datistemplate",
          "extrelocatable",
          "hasindexes",
          "hasrules",
          "hastriggers",
          "indcheckxmin",
          "indimmediate",
          "indisclustered",
          "indisexclusion",
          "indislive",
          "indisprimary",
          "indisready",
          "indisreplident",
          "indisunique",
          "indisvalid",
          "indnullsnotdistinct",
          "inhdetachpending",
          "is_instead",
          "ispopulated",
          "lanispl",
          "lanpltrusted",
          "opcdefault",
          "oprcanhash",
          "oprcanmerge",
          "polpermissive",
          "proisstrict",
          "proleakproof",
          "proretset",
          "prosecdef",
          "puballtables",
          "pubdelete",
          "pubinsert",
          "pubtruncate",
          "pubupdate",
          "pubviaroot",
          "relforcerowsecurity",
          "relhasindex",
          "relhasrules",
          "relhassubclass",
          "relhastriggers",
          "relispartition",
          "relispopulated",
          "relisshared",
          "relrowsecurity",
          "rowsecurity",
          "seqcycle",
          "subbinary",
          "subdisableonerr",
          "subenabled",
          "substream",
          "tgdeferrable",
          "tginitdeferred",
          "tgisinternal",
          "typbyval",
          "typisdefined",
          "typispreferred",
          "typnotnull",
          "rolsuper",
          "rolinherit",
          "rolcreaterole",
          "rolcreatedb",
          "rolcanlogin",
          "rolreplication",
          "rolbypassrls",
          "usecreatedb",
          "usesuper",
          "userepl",
          "usebypassrls",
          "pending_restart");

  /** Functions the node defines under Postgres' own names (their pg_catalog qualifier dropped). */
  public static final Set<String> FUNCTIONS =
      Set.of(
          "format_type",
          "pg_get_expr",
          "pg_get_indexdef",
          "pg_get_constraintdef",
          "pg_get_viewdef",
          "pg_get_triggerdef",
          "pg_get_ruledef",
          "pg_get_functiondef",
          "pg_get_function_result",
          "pg_get_function_arguments",
          "pg_get_function_identity_arguments",
          "pg_get_statisticsobjdef_columns",
          "pg_get_partkeydef",
          "pg_get_serial_sequence",
          "pg_table_is_visible",
          "pg_type_is_visible",
          "pg_function_is_visible",
          "pg_collation_is_visible",
          "obj_description",
          "col_description",
          "shobj_description",
          "pg_encoding_to_char",
          "pg_char_to_encoding",
          "quote_ident",
          "quote_literal",
          "quote_nullable",
          "pg_relation_is_publishable",
          "pg_relation_size",
          "pg_total_relation_size",
          "pg_table_size",
          "pg_indexes_size",
          "pg_database_size",
          "pg_size_pretty",
          "array_to_string",
          "array_upper",
          "array_lower",
          "array_length",
          "cardinality",
          "array_agg",
          "to_regclass",
          "to_regtype",
          "to_regproc",
          "to_regprocedure",
          "to_regnamespace",
          "to_regrole",
          "pg_tablespace_location",
          "pg_partition_root",
          "regexp_like",
          "pg_get_partition_constraintdef",
          "pg_column_size");
}
