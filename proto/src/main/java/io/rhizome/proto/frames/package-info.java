/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * Session frames: the lean transport of client session streams between a gateway and a node.
 *
 * <p>gRPC over HTTP/2 carried each session stream ({@code NodeSession.Exchange}) with framing,
 * header compression, per-stream and per-connection window updates and a call object per stream,
 * about a third of the CPU of a point query on each side. A session stream needs much less: one
 * request in flight at a time, answers in batches, flow control by messages. So each (gateway event
 * loop, node) pair shares one TCP connection (with the cluster's mutual TLS when it runs with TLS),
 * and sessions are multiplexed on it by a stream id:
 *
 * <pre>
 * connection := hello hello-of-peer... frame*
 * hello      := u32 magic 'RHZF' | u32 version
 * frame      := u32 length | u32 stream | u8 kind | payload     (length counts stream..payload)
 *
 * kind        direction        payload
 * REQUEST     gateway -> node  a SessionRequest (the first one of a stream opens it: Open)
 * RESPONSES   node -> gateway  a SessionResponses batch
 * CREDIT      both             u32 n: the peer may send n more REQUEST / RESPONSES on the stream
 * HALF_CLOSE  gateway -> node  no more requests (gRPC's half-close)
 * CANCEL      gateway -> node  UTF-8 reason: the stream is abandoned
 * END         node -> gateway  u32 status code (gRPC's codes) | u32 n | n bytes UTF-8 description
 *                              | the stream's last answers (a SessionResponses, maybe empty)
 * </pre>
 *
 * <p>A stream starts with one credit each way, as a gRPC call with one message requested: the
 * gateway's Open needs none, nor does the node's first batch (Opened and Ready); after that each
 * side sends only within the credit the other granted, and a message beyond it ends the stream. The
 * end is the exception: it never waits for credit, and carries the answers that were waiting for it
 * (a session's last error, at most the two batches a session may have ahead), so a session ended
 * while its gateway granted nothing (an idle one) still hears why.
 *
 * <p>The payloads are the same protobuf messages as over gRPC, so the session semantics do not
 * depend on the transport. Each side sends its hello when the connection is up and checks the
 * peer's before any frame: a different magic or version closes the connection. Every frame's length
 * is bounded by the receiver ({@link io.rhizome.proto.frames.FrameDecoder}); a longer one, a length
 * too short for the header, or an unknown kind closes the connection.
 *
 * <p>This package only cuts and writes frames ({@link io.rhizome.proto.frames.FrameDecoder}, {@link
 * io.rhizome.proto.frames.Frames}); what they mean to a session is the business of the node's
 * {@code io.rhizome.node.frames} and the gateway's {@code io.rhizome.gateway.frames}.
 */
package io.rhizome.proto.frames;
