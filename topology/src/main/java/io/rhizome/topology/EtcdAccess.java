/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.ClientBuilder;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * How to reach etcd: its client URLs, and when it is locked down, TLS (a client certificate for
 * {@code --client-cert-auth} inside the context) and a user name and password. The password never
 * appears in {@link #toString()}.
 */
public final class EtcdAccess {
  private final List<URI> endpoints;
  private final SslContext tls;
  private final String user;
  private final byte[] password;

  private EtcdAccess(List<URI> endpoints, SslContext tls, String user, byte[] password) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints given");
    }
    this.endpoints = List.copyOf(endpoints);
    this.tls = tls;
    this.user = user;
    this.password = password;
  }

  /** etcd at {@code endpoints} without TLS or a user. */
  public static EtcdAccess of(List<URI> endpoints) {
    return new EtcdAccess(endpoints, null, null, null);
  }

  /** The same endpoints over TLS with {@code context} (which may hold a client certificate). */
  public EtcdAccess withTls(SslContext context) {
    return new EtcdAccess(endpoints, Objects.requireNonNull(context, "context"), user, password);
  }

  /** The same, signing in as {@code name} with {@code secret}. */
  public EtcdAccess withUser(String name, String secret) {
    if (name == null || name.isEmpty() || secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("an etcd user needs a name and a password");
    }
    return new EtcdAccess(endpoints, tls, name, secret.getBytes(StandardCharsets.UTF_8));
  }

  public List<URI> endpoints() {
    return endpoints;
  }

  /** Applies TLS and the user to a jetcd client builder. */
  ClientBuilder configure(ClientBuilder builder) {
    builder.endpoints(endpoints.toArray(URI[]::new));
    if (tls != null) {
      builder.sslContext(tls);
    }
    if (user != null) {
      builder.user(ByteSequence.from(user, StandardCharsets.UTF_8));
      builder.password(ByteSequence.from(password));
    }
    return builder;
  }

  @Override
  public String toString() {
    return endpoints + (tls != null ? " over TLS" : "") + (user != null ? " as user " + user : "");
  }
}
