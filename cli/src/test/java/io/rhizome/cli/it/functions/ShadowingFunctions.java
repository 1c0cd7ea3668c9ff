/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.functions;

import io.rhizome.node.functions.SqlFunction;
import io.rhizome.node.functions.SqlFunctionProvider;
import java.util.List;

/** A provider the node must refuse: it would redefine SQLite's {@code upper}. */
public final class ShadowingFunctions implements SqlFunctionProvider {
  @Override
  public List<SqlFunction> functions() {
    return List.of(SqlFunction.scalar("upper", 1, args -> "shadowed"));
  }
}
