/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Functions registered through {@code META-INF/services} on the node's test class path: a scalar,
 * an aggregate and one of each that fails, and {@code note_running(x)}, which returns x and tells a
 * test through {@link #RUNNING} that a statement is running.
 */
public final class ExampleFunctions implements SqlFunctionProvider {
  /** Released once per call of {@code note_running}. */
  public static final Semaphore RUNNING = new Semaphore(0);

  @Override
  public List<SqlFunction> functions() {
    return List.of(
        SqlFunction.scalar(
            "note_running",
            1,
            args -> {
              RUNNING.release();
              return args[0];
            }),
        SqlFunction.scalar(
            "reverse_text",
            1,
            args ->
                args[0] == null
                    ? null
                    : new StringBuilder(args[0].toString()).reverse().toString()),
        SqlFunction.scalar("type_of_arg", 1, args -> describe(args[0])),
        new SqlFunction.Scalar(
            "fail_with",
            1,
            false,
            args -> {
              throw new IllegalArgumentException(String.valueOf(args[0]));
            }),
        SqlFunction.aggregate("product", 1, Product::new),
        SqlFunction.aggregate("fail_on_negative", 1, FailOnNegative::new));
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  /** The product of the non-NULL integer values; 1 for none, as an empty product is. */
  private static final class Product implements SqlFunction.Accumulator {
    private long product = 1;

    @Override
    public void step(Object[] args) {
      if (args[0] != null) {
        product = Math.multiplyExact(product, (Long) args[0]);
      }
    }

    @Override
    public Object result() {
      return product;
    }
  }

  /** Counts rows, and fails on a negative value. */
  private static final class FailOnNegative implements SqlFunction.Accumulator {
    private long rows;

    @Override
    public void step(Object[] args) {
      if (args[0] instanceof Long l && l < 0) {
        throw new IllegalStateException("negative value " + l);
      }
      rows++;
    }

    @Override
    public Object result() {
      return rows;
    }
  }
}
