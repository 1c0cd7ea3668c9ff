/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/** How far one call of {@link TenantSession#advance(Outbound, Venue)} took a request. */
public enum Progress {
  /** Answered to its Ready. */
  FINISHED,
  /** The receiver is not ready for more: call again once it is. */
  WAITING,
  /** What comes next may block: call again on a thread where blocking is fine. */
  MOVE
}
