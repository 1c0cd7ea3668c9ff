/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.proto.WalPosition;

/**
 * Where a tenant's WAL (or a copy of it) ends: the generation (the two salts SQLite writes into the
 * WAL header each time it starts the log over), the offset just past the last commit frame, and
 * SQLite's running checksum at that frame. Two WAL files with equal positions hold the same bytes
 * up to that offset, since the checksum chains every frame of the generation.
 */
record LogPosition(int salt1, int salt2, long offset, int checksum1, int checksum2, int pageSize) {

  /** No WAL (or no copy of the tenant). */
  static final LogPosition NONE = new LogPosition(0, 0, 0, 0, 0, 0);

  boolean exists() {
    return offset > 0;
  }

  /** Whether {@code other} is of the same generation (same header salts). */
  boolean sameGeneration(LogPosition other) {
    return exists() && other.exists() && salt1 == other.salt1 && salt2 == other.salt2;
  }

  WalPosition toProto() {
    if (!exists()) {
      return WalPosition.getDefaultInstance();
    }
    return WalPosition.newBuilder()
        .setExists(true)
        .setSalt1(salt1)
        .setSalt2(salt2)
        .setOffset(offset)
        .setChecksum1(checksum1)
        .setChecksum2(checksum2)
        .setPageSize(pageSize)
        .build();
  }

  static LogPosition of(WalPosition p) {
    if (!p.getExists()) {
      return NONE;
    }
    return new LogPosition(
        p.getSalt1(),
        p.getSalt2(),
        p.getOffset(),
        p.getChecksum1(),
        p.getChecksum2(),
        p.getPageSize());
  }

  @Override
  public String toString() {
    return exists() ? String.format("%08x%08x@%d", salt1, salt2, offset) : "none";
  }
}
