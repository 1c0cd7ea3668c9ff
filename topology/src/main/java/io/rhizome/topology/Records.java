/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.TopologyException.Reason;

/** How metadata records are written (their format number) and read back on request paths. */
final class Records {
  static final int RECORD_FORMAT = 1;

  private Records() {}

  /**
   * Parses a record a caller asked for; unlike the cache, which skips an unreadable record, a
   * request for it fails.
   */
  static <T> T parse(Entry e, Parser<T> parser) throws TopologyException {
    try {
      return parser.parseFrom(e.value());
    } catch (InvalidProtocolBufferException ex) {
      throw new TopologyException(Reason.INTERNAL, "unreadable metadata record at " + e.key(), ex);
    }
  }
}
