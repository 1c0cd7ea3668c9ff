/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.util.List;

/**
 * Contributes custom SQL functions to every tenant connection of a node: the Java form of the
 * original {@code rhizome.Init(customFunctions)}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a jar on the node's class path
 * with a {@code META-INF/services/io.rhizome.node.functions.SqlFunctionProvider} file naming the
 * implementation class is enough. The node reads the definitions once at startup and refuses to
 * start when a name is invalid, shadows a SQLite built-in or is defined twice.
 *
 * <p>Function bodies run on the node's worker threads, inside the tenant's statement: they should
 * be quick and must not block. A body that throws fails the statement (SQLSTATE 22000, with the
 * exception's message), never the session.
 */
public interface SqlFunctionProvider {
  /** The functions to register; called once, when the node starts. */
  List<SqlFunction> functions();
}
