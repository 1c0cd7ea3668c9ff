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
record ClientStatement(List<Integer> parameterTypes, LocalStatement local, boolean localRows) {
  ClientStatement {
    parameterTypes = List.copyOf(parameterTypes);
  }

  static ClientStatement remote(List<Integer> parameterTypes) {
    return new ClientStatement(parameterTypes, null, false);
  }

  boolean isLocal() {
    return local != null;
  }
}
