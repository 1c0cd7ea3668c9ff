/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * Session streams to nodes over session frames (the wire format is in {@code
 * io.rhizome.proto.frames}; why, in docs/architecture.md, "Session frames").
 *
 * <p>{@link io.rhizome.gateway.frames.FrameEndpoint} is one node's session address as seen from one
 * gateway event loop: it keeps one connection, made on that loop when a session first needs it and
 * again after it broke, with a growing pause between failed attempts that {@link
 * io.rhizome.gateway.frames.FrameEndpoint#reconnectNow()} cuts short. {@link
 * io.rhizome.gateway.frames.FrameClientConnection} multiplexes the streams of one connection.
 * Everything runs on the loop of the client connections it serves: a node's answer reaches its
 * session without a hand-off, and the frames a turn of the loop wrote leave in one flush.
 */
package io.rhizome.gateway.frames;
