/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.util.Objects;

/** Where a node archives and how (docs/replication.md, "Point-in-time recovery"). */
public record ArchiveConfig(ArchiveTarget target, ArchiveSettings settings) {
  public ArchiveConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(settings, "settings");
  }
}
