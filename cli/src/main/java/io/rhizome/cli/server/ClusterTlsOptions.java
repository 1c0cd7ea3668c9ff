/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.cli.HostPort;
import io.rhizome.tls.ClusterRole;
import io.rhizome.tls.ClusterTls;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Mutual TLS between gateways and nodes: flags shared by {@code node} and {@code gateway}. */
public final class ClusterTlsOptions {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTlsOptions.class);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--cluster-tls-ca",
      paramLabel = "FILE",
      description =
          "PEM certificate(s) of the cluster CA. With --cluster-tls-cert and --cluster-tls-key,"
              + " every gRPC connection between gateways and nodes is mutual TLS and a node serves"
              + " only peers whose certificate this CA signed. The three files are re-read when"
              + " they change.")
  Path ca;

  @Option(
      names = "--cluster-tls-cert",
      paramLabel = "FILE",
      description =
          "PEM certificate chain of this process, signed by the cluster CA, naming its role as"
              + " the URI subject alternative name spiffe://rhizome/node or"
              + " spiffe://rhizome/gateway (docs/security.md).")
  Path cert;

  @Option(
      names = "--cluster-tls-key",
      paramLabel = "FILE",
      description = "PEM private key of --cluster-tls-cert (PKCS#8), unencrypted.")
  Path key;

  @Option(
      names = "--cluster-tls-required",
      description =
          "Refuse to start without --cluster-tls-ca, --cluster-tls-cert and --cluster-tls-key.")
  boolean required;

  /** Fails on an incomplete set of flags; call before anything starts. */
  void validate() {
    int given = (ca != null ? 1 : 0) + (cert != null ? 1 : 0) + (key != null ? 1 : 0);
    if (given != 0 && given != 3) {
      throw new ParameterException(
          spec.commandLine(),
          "--cluster-tls-ca, --cluster-tls-cert and --cluster-tls-key go together");
    }
    if (required && given == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--cluster-tls-required: give --cluster-tls-ca, --cluster-tls-cert and"
              + " --cluster-tls-key");
    }
  }

  /**
   * The cluster's mutual TLS for a process of {@code role}, or empty when the flags are absent
   * (then a warning when {@code listen} is not a loopback address).
   *
   * @throws IllegalArgumentException when the files are unusable, with the reason
   */
  Optional<ClusterTls> load(ClusterRole role, HostPort listen) {
    validate();
    if (ca == null) {
      if (!Loopback.is(listen.host())) {
        LOG.warn(
            "cluster TLS is off and this {} listens on {}: gRPC between gateways and nodes is"
                + " plaintext and unauthenticated, so anyone who reaches a node's port can use"
                + " every tenant on it. Give --cluster-tls-ca, --cluster-tls-cert and"
                + " --cluster-tls-key (docs/security.md); --cluster-tls-required makes this an"
                + " error.",
            role.label(),
            listen);
      }
      return Optional.empty();
    }
    try {
      return Optional.of(ClusterTls.load(ca, cert, key, role));
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
