/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * TLS material shared by the gateway and the node: PEM files ({@link io.rhizome.tls.PemFiles}),
 * mutual TLS between the members of a cluster ({@link io.rhizome.tls.ClusterTls}), certificate
 * roles ({@link io.rhizome.tls.ClusterRole}) and TLS to etcd ({@link io.rhizome.tls.EtcdTls}).
 *
 * <h2>The role convention</h2>
 *
 * Every member of a cluster has a certificate signed by the cluster CA that names its role as a URI
 * subject alternative name: {@code spiffe://rhizome/gateway} or {@code spiffe://rhizome/node}. A
 * node's certificate must allow TLS server and client use (it serves gateways and calls other nodes
 * during moves); a gateway's must allow client use. The cluster CA is the trust boundary: whoever
 * holds a key it signed with a role is that role, whatever the host name. What each role may call
 * on a node is decided by the node.
 *
 * <h2>Reloading</h2>
 *
 * The files are re-read every few seconds and swapped in when their bytes changed and the new
 * contents pass the startup checks; handshakes after that use them. Connections already established
 * keep the certificates they were made with. Broken or half-written files are ignored with a
 * warning until they are fixed. Built on gRPC's {@code AdvancedTlsX509KeyManager} and {@code
 * AdvancedTlsX509TrustManager}, which swap credentials atomically under running handshakes; the
 * reading and checking is ours, so an operator gets the same errors as at startup.
 */
package io.rhizome.tls;
