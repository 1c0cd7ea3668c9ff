/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.functions;

import io.rhizome.node.functions.SqlFunction;
import io.rhizome.node.functions.SqlFunctionProvider;
import java.util.List;

/**
 * The example provider CustomFunctionsIT packs into a jar of its own and puts on the server's class
 * path: a scalar, an aggregate, and a scalar that throws.
 */
public final class GreetingFunctions implements SqlFunctionProvider {
  @Override
  public List<SqlFunction> functions() {
    return List.of(
        SqlFunction.scalar("greet", 1, args -> "hello, " + args[0]),
        SqlFunction.aggregate("joined", 2, Joined::new),
        new SqlFunction.Scalar(
            "explode",
            0,
            false,
            args -> {
              throw new IllegalStateException("kaboom");
            }));
  }

  /** {@code joined(value, separator)}: the non-NULL values in row order, separated. */
  private static final class Joined implements SqlFunction.Accumulator {
    private final StringBuilder text = new StringBuilder();
    private boolean any;

    @Override
    public void step(Object[] args) {
      if (args[0] == null) {
        return;
      }
      if (any) {
        text.append(args[1]);
      }
      text.append(args[0]);
      any = true;
    }

    @Override
    public Object result() {
      return any ? text.toString() : null;
    }
  }
}
