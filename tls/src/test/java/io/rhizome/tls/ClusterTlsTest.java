/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.rhizome.testkit.Http2Probe;
import io.rhizome.testkit.TestCertificates;
import io.rhizome.testkit.TestCertificates.Authority;
import io.rhizome.testkit.TestCertificates.Identity;
import io.rhizome.testkit.TestCertificates.Leaf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mutual TLS on a real gRPC server on loopback, probed with the JDK's own TLS client below
 * gRPC ({@link Http2Probe}) and with gRPC channels: who is served, who is refused, the startup
 * checks on a process's own certificate, and files re-read without a restart.
 */
class ClusterTlsTest {
  private static final Duration RELOAD = Duration.ofMillis(100);

  @TempDir Path dir;
  private Authority cluster;
  private Authority foreign;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void makeAuthorities() {
    cluster = TestCertificates.authority(dir, "cluster");
    foreign = TestCertificates.authority(dir, "foreign");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ClusterTls load(Path ca, Identity id, ClusterRole role) {
    ClusterTls tls = ClusterTls.load(ca, id.cert(), id.key(), role, RELOAD);
    open.add(tls);
    return tls;
  }

  /** A gRPC server with no services: a call that reaches it is UNIMPLEMENTED. */
  private int serve(ClusterTls tls) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), tls.serverCredentials())
            .build()
            .start();
    open.add(
        () -> {
          server.shutdownNow();
          server.awaitTermination(5, TimeUnit.SECONDS);
        });
    return server.getPort();
  }

  private int nodeServer() throws IOException {
    return serve(
        load(cluster.caCert(), cluster.member("node", ClusterRole.NODE.uri()), ClusterRole.NODE));
  }

  /** The status of a call over a channel with {@code tls}'s credentials. */
  private Status.Code call(ClusterTls tls, int port) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port, tls.channelCredentials()).build();
    try {
      ClientCalls.blockingUnaryCall(
          channel, PROBE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aNodeServesGatewaysAndNodesTheClusterCaSigned() throws Exception {
    int port = nodeServer();
    for (ClusterRole role : ClusterRole.values()) {
      Http2Probe.Answer answer =
          Http2Probe.tls(port, cluster.caCert(), cluster.member("c-" + role, role.uri()));
      assertTrue(answer.served(), role + ": " + answer.detail());
      assertEquals(
          ClusterRole.NODE,
          ClusterRole.of(answer.serverCertificate()).orElseThrow(),
          "server role");
    }
  }

  @Test
  void aNodeRefusesPlaintextNoCertificateAnotherCaAndACertificateWithoutRole() throws Exception {
    int port = nodeServer();
    assertRefused(Http2Probe.plaintext(port), "plaintext");
    assertRefused(Http2Probe.tls(port, cluster.caCert(), null), "no client certificate");
    assertRefused(
        Http2Probe.tls(port, cluster.caCert(), foreign.member("f", ClusterRole.GATEWAY.uri())),
        "a gateway certificate from another CA");
    assertRefused(
        Http2Probe.tls(port, cluster.caCert(), cluster.member("norole", null)),
        "a certificate with no role");
    assertRefused(
        Http2Probe.tls(
            port,
            cluster.caCert(),
            cluster.issue(
                "server-only", new Leaf("x", List.of(ClusterRole.GATEWAY.uri()), true, false))),
        "a certificate not allowed as a TLS client");
  }

  private static void assertRefused(Http2Probe.Answer answer, String what) {
    assertFalse(answer.served(), what + " was served: " + answer.detail());
  }

  @Test
  void grpcChannelsReachOnlyANodeTheClusterCaSigned() throws Exception {
    ClusterTls gateway =
        load(
            cluster.caCert(), cluster.member("gw", ClusterRole.GATEWAY.uri()), ClusterRole.GATEWAY);
    assertEquals(Status.Code.UNIMPLEMENTED, call(gateway, nodeServer()), "reached the node");
    // A server the cluster CA signed as a gateway is not a node.
    ClusterTls impostor =
        load(
            cluster.caCert(),
            cluster.member("gw2", ClusterRole.GATEWAY.uri()),
            ClusterRole.GATEWAY);
    assertEquals(Status.Code.UNAVAILABLE, call(gateway, serve(impostor)));
    // A node of another CA.
    ClusterTls stranger =
        load(foreign.caCert(), foreign.member("n2", ClusterRole.NODE.uri()), ClusterRole.NODE);
    assertEquals(Status.Code.UNAVAILABLE, call(gateway, serve(stranger)));
  }

  @Test
  void aProcessRefusesToStartWithACertificateThatCannotWork() {
    Identity gateway = cluster.member("gw", ClusterRole.GATEWAY.uri());
    assertStartupError(
        () -> ClusterTls.load(cluster.caCert(), gateway.cert(), gateway.key(), ClusterRole.NODE),
        "URI:spiffe://rhizome/node");
    Identity stranger = foreign.member("n", ClusterRole.NODE.uri());
    assertStartupError(
        () -> ClusterTls.load(cluster.caCert(), stranger.cert(), stranger.key(), ClusterRole.NODE),
        "not valid under the CA");
    Identity node = cluster.member("n", ClusterRole.NODE.uri());
    assertStartupError(
        () -> ClusterTls.load(cluster.caCert(), node.cert(), gateway.key(), ClusterRole.NODE),
        "does not belong");
    Identity clientOnly =
        cluster.issue("c", new Leaf("c", List.of(ClusterRole.NODE.uri()), false, true));
    assertStartupError(
        () ->
            ClusterTls.load(
                cluster.caCert(), clientOnly.cert(), clientOnly.key(), ClusterRole.NODE),
        "serverAuth");
    assertStartupError(
        () -> ClusterTls.load(node.key(), node.cert(), node.key(), ClusterRole.NODE),
        "cannot read the TLS certificate " + node.key());
  }

  private static void assertStartupError(Runnable load, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aRotatedCertificateIsServedWithoutARestart() throws Exception {
    Identity files = cluster.member("node", ClusterRole.NODE.uri());
    int port = serve(load(cluster.caCert(), files, ClusterRole.NODE));
    Identity client = cluster.member("gw", ClusterRole.GATEWAY.uri());
    Http2Probe.Answer before = Http2Probe.tls(port, cluster.caCert(), client);
    assertTrue(before.served(), before.detail());

    Identity next = cluster.member("node-next", ClusterRole.NODE.uri());
    replace(files, next);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> Http2Probe.tls(port, cluster.caCert(), client).serverCertificate(),
            c ->
                c != null
                    && !c.getSerialNumber().equals(before.serverCertificate().getSerialNumber()));
    assertEquals(
        PemFiles.certificates(next.cert()).get(0),
        Http2Probe.tls(port, cluster.caCert(), client).serverCertificate());
  }

  @Test
  void aBrokenRotationKeepsTheWorkingCertificateUntilItIsFixed() throws Exception {
    Identity files = cluster.member("node", ClusterRole.NODE.uri());
    ClusterTls tls =
        ClusterTls.load(
            cluster.caCert(), files.cert(), files.key(), ClusterRole.NODE, Duration.ofHours(1));
    open.add(tls);
    int port = serve(tls);
    Identity client = cluster.member("gw", ClusterRole.GATEWAY.uri());
    X509Certificate original = PemFiles.certificates(files.cert()).get(0);
    // A new certificate whose key has not been written yet: the pair does not match.
    Identity next = cluster.member("node-next", ClusterRole.NODE.uri());
    Files.copy(next.cert(), files.cert(), StandardCopyOption.REPLACE_EXISTING);
    tls.reloadNow();
    Http2Probe.Answer answer = Http2Probe.tls(port, cluster.caCert(), client);
    assertTrue(answer.served(), answer.detail());
    assertEquals(original, answer.serverCertificate());
    // Garbage is no better.
    Files.writeString(
        files.key(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    tls.reloadNow();
    assertEquals(original, Http2Probe.tls(port, cluster.caCert(), client).serverCertificate());
    Files.copy(next.key(), files.key(), StandardCopyOption.REPLACE_EXISTING);
    tls.reloadNow();
    assertEquals(
        PemFiles.certificates(next.cert()).get(0),
        Http2Probe.tls(port, cluster.caCert(), client).serverCertificate());
  }

  @Test
  void aCaAddedToTheTrustFileIsTrustedWithoutARestart() throws Exception {
    Path trust = dir.resolve("trust.crt");
    Files.copy(cluster.caCert(), trust);
    int port = serve(load(trust, cluster.member("node", ClusterRole.NODE.uri()), ClusterRole.NODE));
    Identity newcomer = foreign.member("gw-new", ClusterRole.GATEWAY.uri());
    assertFalse(Http2Probe.tls(port, cluster.caCert(), newcomer).served());
    Files.writeString(
        trust, Files.readString(cluster.caCert()) + Files.readString(foreign.caCert()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Http2Probe.tls(port, cluster.caCert(), newcomer).served());
  }

  private static void replace(Identity target, Identity source) throws IOException {
    // Key first, then the certificate: the reload applies the pair once both are in place.
    Files.copy(source.key(), target.key(), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(source.cert(), target.cert(), StandardCopyOption.REPLACE_EXISTING);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], byte[]> PROBE =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("rhizome.test.Probe/Call")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();
}
