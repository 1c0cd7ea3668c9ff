/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

/** A ctl failure with a message meant for the operator (no stack trace needed). */
public final class CtlException extends Exception {
  public CtlException(String message) {
    super(message);
  }

  public CtlException(String message, Throwable cause) {
    super(message, cause);
  }
}
