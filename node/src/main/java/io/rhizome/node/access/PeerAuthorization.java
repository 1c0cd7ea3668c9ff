/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.access;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.rhizome.tls.ClusterRole;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only when the peer's certificate (from the call's TLS session) names a role
 * that {@link RpcAccess} allows for the method: UNAUTHENTICATED without a TLS session or a client
 * certificate (the TLS server demands one, so this is a second lock), PERMISSION_DENIED for a
 * certificate without a role or with a role the method is not for. The check runs once per call (a
 * session is one call), before the service sees any message.
 */
public final class PeerAuthorization implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(PeerAuthorization.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Status refusal = refusal(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), method);
    if (refusal == null) {
      return next.startCall(call, headers);
    }
    LOG.warn(
        "refused {} from {}: {}",
        method,
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
        refusal.getDescription());
    call.close(refusal, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** Null when the peer may call {@code method}, else the status to close the call with. */
  public static Status refusal(SSLSession session, String method) {
    if (session == null) {
      return Status.UNAUTHENTICATED.withDescription("mutual TLS is required");
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Status.UNAUTHENTICATED.withDescription("a client certificate is required");
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return Status.UNAUTHENTICATED.withDescription("a client certificate is required");
    }
    ClusterRole role = ClusterRole.of(leaf).orElse(null);
    Set<ClusterRole> allowed = RpcAccess.callers(method);
    if (role != null && allowed.contains(role)) {
      return null;
    }
    String who = leaf.getSubjectX500Principal().getName();
    return Status.PERMISSION_DENIED.withDescription(
        (role == null
                ? "the certificate " + who + " names no cluster role"
                : role.label() + " " + who)
            + " may not call "
            + method
            + (allowed.isEmpty()
                ? ""
                : " (only for "
                    + allowed.stream().map(ClusterRole::label).collect(Collectors.joining(", "))
                    + ")"));
  }
}
