/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

import io.netty.handler.codec.DecoderException;

/** The peer broke the frame protocol: the connection is closed. */
public final class FrameException extends DecoderException {
  public FrameException(String message) {
    super(message);
  }
}
