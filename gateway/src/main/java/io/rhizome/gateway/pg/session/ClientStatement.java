/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import java.util.List;

/**
 * A statement a client prepared with Parse, as the gateway knows it: prepared on the backend, or a
 * session statement the gateway answers itself ({@code local} set).
 *
 * @param parameterTypes the type OIDs the client gave (0 = unspecified); they decide how Bind
 *     values are read
 * @param local the session statement, or null for a backend statement
 * @param localRows whether the session statement returns rows (SHOW, SELECT version(), ...), so a
 *     Describe may run it to learn its columns; SET and RESET return none and never run early
 */
record ClientStatement(
    List<Integer> parameterTypes, LocalStatement local, boolean localRows, Described described) {
  ClientStatement {
    parameterTypes = List.copyOf(parameterTypes);
  }

  ClientStatement(List<Integer> parameterTypes, LocalStatement local, boolean localRows) {
    this(parameterTypes, local, localRows, new Described());
  }

  static ClientStatement remote(List<Integer> parameterTypes) {
    return new ClientStatement(parameterTypes, null, false);
  }

  /**
   * The parameter types the backend described for the statement (it infers the ones the client left
   * unspecified from the columns they meet). A parameter the client sends in binary format without
   * having given its type is read as the described type: asyncpg encodes by them.
   */
  static final class Described {
    private List<Integer> types = List.of();

    void learn(List<Integer> described) {
      types = List.copyOf(described);
    }

    List<Integer> types() {
      return types;
    }
  }

  boolean isLocal() {
    return local != null;
  }
}
