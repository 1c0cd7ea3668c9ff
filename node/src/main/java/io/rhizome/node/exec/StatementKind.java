/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/** What a statement does, as far as command tags, transactions and write fencing care. */
enum StatementKind {
  /** Only whitespace, comments or semicolons. */
  EMPTY(false),
  /** SELECT, VALUES, EXPLAIN, WITH ... SELECT: reads only. */
  QUERY(false),
  /**
   * A SELECT or VALUES that calls {@code nextval} or {@code setval}: it advances a counter in the
   * tenant's sequence table, so it is fenced like a write and, in auto-commit mode, its commit is
   * confirmed by the shard's replicas before the value reaches the client.
   */
  SEQUENCE_QUERY(true),
  INSERT(true),
  UPDATE(true),
  DELETE(true),
  BEGIN(false),
  /** COMMIT or END. */
  COMMIT(true),
  /** ROLLBACK of the whole transaction. */
  ROLLBACK(false),
  /** ROLLBACK TO a savepoint: the transaction stays open. */
  ROLLBACK_TO(false),
  SAVEPOINT(false),
  /** RELEASE commits when it releases the savepoint that opened the transaction. */
  RELEASE(true),
  /** DDL, PRAGMA, VACUUM, ...: treated as a write. */
  OTHER(true);

  private final boolean write;

  StatementKind(boolean write) {
    this.write = write;
  }

  /** Whether the statement may change the tenant's file, so shard ownership must be checked. */
  boolean isWrite() {
    return write;
  }
}
