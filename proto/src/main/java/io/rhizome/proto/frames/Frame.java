/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

import io.netty.buffer.ByteBuf;

/**
 * One decoded frame. The payload is the receiver's to release ({@link #release()}), after it has
 * read it.
 *
 * @param stream the stream id the frame belongs to
 * @param kind what it carries
 * @param payload the bytes after the header, bounded to this frame
 */
public record Frame(int stream, FrameKind kind, ByteBuf payload) {

  /** Releases the payload. */
  public void release() {
    payload.release();
  }
}
