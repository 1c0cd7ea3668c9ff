/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

/** What a frame carries (see the package comment for each kind's payload and direction). */
public enum FrameKind {
  REQUEST(1),
  RESPONSES(2),
  CREDIT(3),
  HALF_CLOSE(4),
  CANCEL(5),
  END(6);

  private static final FrameKind[] BY_CODE = new FrameKind[7];

  static {
    for (FrameKind kind : values()) {
      BY_CODE[kind.code] = kind;
    }
  }

  private final int code;

  FrameKind(int code) {
    this.code = code;
  }

  /** The kind's byte on the wire. */
  public int code() {
    return code;
  }

  /** The kind of {@code code}, or null for a byte that names none. */
  static FrameKind of(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
