/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

/**
 * Severity of an ErrorResponse. Rhizome sends English messages, so the localized ('S') and the
 * non-localized ('V') field carry the same word.
 */
public enum Severity {
  /** The statement failed; the session goes on. */
  ERROR,
  /** The session ends after this message. */
  FATAL
}
