/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * Who may call the node. With cluster TLS on, a node's gRPC server accepts only peers whose
 * certificate the cluster CA signed and that name a role ({@link io.rhizome.tls.ClusterTls});
 * {@link io.rhizome.node.access.PeerAuthorization} then lets each call through only for the roles
 * {@link io.rhizome.node.access.RpcAccess} lists for its method: sessions and the admin console's
 * calls for gateways, the source side of a move for nodes, tenant backups for both. Without cluster
 * TLS (a standalone process's in-process channel, or a cluster run without the flags) there is no
 * peer identity and nothing here is installed.
 */
package io.rhizome.node.access;
