/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.Value;
import org.junit.jupiter.api.Test;

class RowLimitTest {
  /** A row of a 10-character text, a 4-byte blob and an integer: 10 + 4 + 8 = 22. */
  private static RowBatch batch() {
    return RowBatch.newBuilder()
        .addRows(Results.row(Results.integer(1)))
        .addRows(
            Results.row(
                Results.text("0123456789"),
                Value.newBuilder().setBlob(ByteString.copyFrom(new byte[4])).build(),
                Results.integer(2)))
        .build();
  }

  @Test
  void measuresEveryRowWhenTheNodeStatesNoSize() {
    assertTrue(RowLimit.exceeded(batch(), 21));
    assertFalse(RowLimit.exceeded(batch(), 22));
  }

  @Test
  void goesByTheLargestRowTheNodeStates() {
    // The stated size decides alone: the rows are not measured again.
    assertTrue(RowLimit.exceeded(batch().toBuilder().setMaxRowBytes(100).build(), 99));
    assertFalse(RowLimit.exceeded(batch().toBuilder().setMaxRowBytes(22).build(), 22));
  }
}
