/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

/**
 * How the catalog numbers a tenant's objects. Each number is derived from the object's row in
 * {@code sqlite_schema} (its rowid), so it is stable while the schema is, needs no storage, and two
 * objects never share one. Postgres' own objects keep Postgres' numbers (types, namespaces, access
 * methods).
 *
 * <pre>
 *   16384 + rowid                 a table, view or index (the first OID Postgres gives users)
 *   PK_INDEX + rowid              the primary key index of a table that SQLite keeps in the table
 *                                 itself (a rowid alias or a WITHOUT ROWID table)
 *   CONSTRAINT + rowid * 256 + k  constraints of table rowid: k = 0 primary key (numbered after the
 *                                 automatic index instead when the key is no rowid alias), 1 + id for the
 *                                 foreign key with that id; unique constraints are numbered after
 *                                 their index: CONSTRAINT + index rowid * 256 + 255
 *   ATTRDEF + rowid * 2048 + cid  the default of column cid of table rowid
 * </pre>
 */
final class Oids {
  private Oids() {}

  static final long FIRST_USER = 16384;
  static final long PK_INDEX = 0x20000000L;
  static final long CONSTRAINT = 0x30000000L;
  static final long ATTRDEF = 0x50000000L;

  static final long NAMESPACE_PUBLIC = 2200;
  static final long NAMESPACE_PG_CATALOG = 11;
  static final long ROLE_OWNER = 10;

  /** pg_database_owner, which owns schema public in Postgres 15. */
  static final long ROLE_DATABASE_OWNER = 6171;

  static final long DATABASE = 16384;
  static final long AM_HEAP = 2;
  static final long AM_BTREE = 403;
  static final long COLLATION_DEFAULT = 100;
  static final long TABLESPACE_DEFAULT = 1663;
  static final long ENCODING_UTF8 = 6;

  /** A relation OID's sqlite_schema rowid, or -1 when it is no plain relation OID. */
  static long relationRowid(long oid) {
    return oid > FIRST_USER && oid < PK_INDEX ? oid - FIRST_USER : -1;
  }

  /** The table rowid of a synthetic primary key index OID, or -1. */
  static long pkIndexTable(long oid) {
    return oid > PK_INDEX && oid < CONSTRAINT ? oid - PK_INDEX : -1;
  }
}
