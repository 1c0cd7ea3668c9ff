/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One custom SQL function, scalar or aggregate.
 *
 * <p>Values cross in SQLite's storage classes: arguments arrive as {@code null}, {@link Long},
 * {@link Double}, {@link String} or {@code byte[]}; a result may be any of those, or an {@link
 * Integer}, {@link Short}, {@link Byte}, {@link Float} or {@link Boolean} (stored as 1 or 0).
 * Anything else fails the statement.
 */
public sealed interface SqlFunction permits SqlFunction.Scalar, SqlFunction.Aggregate {
  /** Arity of a function that takes any number of arguments. */
  int ANY_ARITY = -1;

  /** The largest fixed arity (SQLite's default SQLITE_MAX_FUNCTION_ARG). */
  int MAX_ARITY = 127;

  /** The name SQL calls it by; case-insensitive, as SQLite's names are. */
  String name();

  /** The number of arguments, or {@link #ANY_ARITY}. */
  int arity();

  /**
   * Whether equal arguments always give an equal result: SQLite may then factor calls out of loops
   * and use the function in indexes on expressions and in partial indexes.
   */
  boolean deterministic();

  /** The body of a scalar function. */
  @FunctionalInterface
  interface ScalarBody {
    /**
     * @param args one value per argument, in storage-class form (see {@link SqlFunction})
     * @return the result, in storage-class form
     */
    Object apply(Object[] args) throws Exception;
  }

  /** The running state of one evaluation of an aggregate (one group of one query). */
  interface Accumulator {
    /** Takes the arguments of one row. */
    void step(Object[] args) throws Exception;

    /** The aggregate's value; called once, also when no row was stepped. */
    Object result() throws Exception;
  }

  /** A scalar function: one result per call. */
  record Scalar(String name, int arity, boolean deterministic, ScalarBody body)
      implements SqlFunction {
    public Scalar {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * An aggregate function: {@code accumulators} makes a fresh {@link Accumulator} for every group
   * of every query.
   */
  record Aggregate(
      String name, int arity, boolean deterministic, Supplier<? extends Accumulator> accumulators)
      implements SqlFunction {
    public Aggregate {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(accumulators, "accumulators");
    }
  }

  /** A deterministic scalar function. */
  static Scalar scalar(String name, int arity, ScalarBody body) {
    return new Scalar(name, arity, true, body);
  }

  /** A deterministic aggregate function. */
  static Aggregate aggregate(String name, int arity, Supplier<? extends Accumulator> accumulators) {
    return new Aggregate(name, arity, true, accumulators);
  }
}
