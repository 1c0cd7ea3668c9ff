/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.tls.ClusterTls;
import io.rhizome.tls.EtcdTls;
import io.rhizome.topology.EtcdAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the cluster metadata lives, and how to sign in to it. */
public final class EtcdOptions {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdOptions.class);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--etcd",
      required = true,
      split = ",",
      paramLabel = "URLS",
      description =
          "etcd client URLs, comma-separated, e.g. http://127.0.0.1:2379; https:// URLs use TLS.")
  List<URI> endpoints;

  @Option(
      names = "--lease-ttl",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Lifetime of this process's etcd leases (its registration) without renewal: a node that"
              + " stops renewing is taken for dead this long after its last renewal, and its shards"
              + " fail over to an in-sync follower. Default: ${DEFAULT-VALUE}.")
  long leaseTtlSeconds;

  @Option(
      names = "--etcd-ca",
      paramLabel = "FILE",
      description =
          "PEM certificate(s) of the CA that signed etcd's server certificate (default with"
              + " https:// URLs: the JDK's CAs). Re-read when it changes.")
  Path ca;

  @Option(
      names = "--etcd-cert",
      paramLabel = "FILE",
      description =
          "PEM client certificate for etcd's --client-cert-auth; etcd takes its common name as"
              + " the user unless --etcd-user is given. Re-read when it changes.")
  Path cert;

  @Option(
      names = "--etcd-key",
      paramLabel = "FILE",
      description = "PEM private key of --etcd-cert (PKCS#8), unencrypted.")
  Path key;

  @Option(
      names = "--etcd-user",
      paramLabel = "NAME",
      description = "etcd user to sign in as (etcd authentication); needs --etcd-password-file.")
  String user;

  @Option(
      names = "--etcd-password-file",
      paramLabel = "FILE",
      description =
          "File holding the --etcd-user's password (one line; keep it readable by this user"
              + " only).")
  Path passwordFile;

  /** Fails on flags that do not go together; call before anything starts. */
  void validate() {
    if ((cert == null) != (key == null)) {
      throw new ParameterException(spec.commandLine(), "--etcd-cert and --etcd-key go together");
    }
    if ((user == null) != (passwordFile == null)) {
      throw new ParameterException(
          spec.commandLine(), "--etcd-user and --etcd-password-file go together");
    }
    long secure = endpoints.stream().filter(u -> "https".equalsIgnoreCase(u.getScheme())).count();
    if (secure != 0 && secure != endpoints.size()) {
      throw new ParameterException(
          spec.commandLine(), "--etcd: use https:// for every URL or for none");
    }
    if (secure == 0 && (ca != null || cert != null)) {
      throw new ParameterException(
          spec.commandLine(), "--etcd-ca and --etcd-cert need https:// URLs in --etcd");
    }
  }

  /**
   * How to reach etcd as the flags say; a TLS context re-reading its files is added to {@code
   * runtime} (closed with it).
   *
   * @throws IllegalArgumentException when a file is unusable, with the reason
   */
  EtcdAccess access(ServerRuntime runtime) {
    validate();
    EtcdAccess access = EtcdAccess.of(endpoints);
    boolean tls = "https".equalsIgnoreCase(endpoints.get(0).getScheme());
    if (tls) {
      try {
        EtcdTls etcdTls =
            runtime.add(EtcdTls.load(ca, cert, key, ClusterTls.DEFAULT_RELOAD_INTERVAL));
        access = access.withTls(etcdTls.sslContext());
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    } else if (endpoints.stream().anyMatch(u -> !Loopback.is(u.getHost()))) {
      LOG.warn(
          "etcd is reached without TLS at {}: whoever can read or write that traffic can read the"
              + " cluster map and move shards anywhere (docs/security.md)",
          endpoints);
    }
    if (user != null) {
      access = access.withUser(user, password());
    }
    return access;
  }

  private String password() {
    String text;
    try {
      text = Files.readString(passwordFile, StandardCharsets.UTF_8);
      warnIfOthersCanRead(passwordFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --etcd-password-file " + passwordFile + ": " + e.getMessage(), e);
    }
    // One line: a trailing newline (an editor's or echo's) is not part of the password.
    String password = text.replaceFirst("\\r?\\n$", "");
    if (password.isEmpty()) {
      throw new IllegalArgumentException("--etcd-password-file " + passwordFile + " is empty");
    }
    return password;
  }

  private static void warnIfOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("--etcd-password-file {} is readable by other users (chmod 600 it)", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions here: nothing to check
    }
  }
}
