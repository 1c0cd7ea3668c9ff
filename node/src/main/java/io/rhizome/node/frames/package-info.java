/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * The node's session-frames listener ({@code --session-listen}): client session streams from
 * gateways over length-prefixed frames instead of gRPC (the wire format is in {@code
 * io.rhizome.proto.frames}; why, in docs/architecture.md, "Session frames").
 *
 * <p>{@link io.rhizome.node.frames.FrameServer} accepts connections on the node's own event loops
 * (the gRPC server's), with the cluster's mutual TLS and the same role check as gRPC's {@code
 * NodeSession} service when the node runs with TLS. {@link io.rhizome.node.frames.FrameConnection}
 * gives the frames of one connection meaning and multiplexes its streams; each {@link
 * io.rhizome.node.frames.FrameStream} is a {@code SessionStream} to a session exactly as a gRPC
 * call is, so sessions behave the same on both transports. Threading is gRPC's with a direct
 * executor: requests reach the session on the connection's event loop; answers may be sent from any
 * thread and are written in order, flushed once per turn of the loop.
 */
package io.rhizome.node.frames;
