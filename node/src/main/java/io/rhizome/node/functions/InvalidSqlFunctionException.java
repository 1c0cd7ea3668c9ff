/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

/** A custom SQL function definition the node refuses; the node does not start. */
public final class InvalidSqlFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidSqlFunctionException(String message) {
    super(message);
  }
}
