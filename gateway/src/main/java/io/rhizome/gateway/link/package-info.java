/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * The gateway's side of a client session's stream to a node, whatever carries it: {@link
 * io.rhizome.gateway.link.SessionTransport} opens a {@link io.rhizome.gateway.link.SessionStream};
 * {@link io.rhizome.gateway.link.GrpcSessionTransport} carries it over gRPC ({@code
 * NodeSession.Exchange}), {@code io.rhizome.gateway.frames} over session frames. The session logic
 * on top (phases, demand, batches, closing) is one class for both, the route package's {@code
 * NodeLink}.
 */
package io.rhizome.gateway.link;
