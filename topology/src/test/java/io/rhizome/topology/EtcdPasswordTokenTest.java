/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.AuthGrpc;
import io.etcd.jetcd.api.AuthenticateRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.RangeRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.rhizome.testkit.SecureEtcd;
import io.rhizome.testkit.TestCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that signs in to etcd by password holds a token that etcd forgets after {@code
 * --auth-token-ttl} (5 minutes by default; 1 second here): a gateway idle that long must still
 * write and watch. jetcd signs in again on "invalid auth token"; this holds it to that.
 */
class EtcdPasswordTokenTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dir;

  @Test
  void writesAndWatchesGoOnAfterThePasswordTokenExpired() throws Exception {
    try (SecureEtcd etcd = SecureEtcd.start(dir, List.of("--auth-token-ttl", "1"))) {
      etcd.grantPrefix("gateway", "secret", "/rhizome/");
      TestCertificates.Identity cert = etcd.clientCertificate("anonymous", "nobody");
      EtcdAccess access =
          EtcdAccess.of(etcd.endpoints())
              .withTls(SecureEtcd.context(etcd.caCert(), cert))
              .withUser("gateway", "secret");
      ClusterBootstrap bootstrap =
          new ClusterBootstrap("tokens", 8, () -> TopologyContractTest.ADMIN);
      try (Topology writer =
              CachedTopology.open(new EtcdMetaStore(access, Duration.ofSeconds(5), 2), bootstrap);
          Topology watcher =
              CachedTopology.open(new EtcdMetaStore(access, Duration.ofSeconds(5), 2), bootstrap)) {
        writer.registerNode(TopologyContractTest.node("n1"));
        awaitTokensExpired(etcd, cert);
        writer.createTenant("acme", TopologyContractTest.user("app"));
        await().atMost(Duration.ofSeconds(15)).until(() -> watcher.tenant("acme").isPresent());
        awaitTokensExpired(etcd, cert);
        watcher.createTenant("beta", TopologyContractTest.user("app"));
        await().atMost(Duration.ofSeconds(15)).until(() -> writer.tenant("beta").isPresent());
      }
    }
  }

  /**
   * Signs in now and waits until etcd refuses that token: an older one not used since is gone too.
   * A simple token's time to live starts again whenever it is used, so the probe uses it less often
   * than that.
   */
  private static void awaitTokensExpired(SecureEtcd etcd, TestCertificates.Identity cert) {
    URI endpoint = etcd.endpoints().get(0);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(endpoint.getHost(), endpoint.getPort())
            .sslContext(SecureEtcd.context(etcd.caCert(), cert))
            .build();
    try {
      String token =
          AuthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .authenticate(
                  AuthenticateRequest.newBuilder().setName("gateway").setPassword("secret").build())
              .getToken();
      Metadata headers = new Metadata();
      headers.put(TOKEN, token);
      KVGrpc.KVBlockingStub kv =
          KVGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      RangeRequest read =
          RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("/rhizome/tokens/x")).build();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ofMillis(1500))
          .pollInterval(Duration.ofMillis(1500))
          .until(
              () -> {
                try {
                  kv.withDeadlineAfter(5, TimeUnit.SECONDS).range(read);
                  return false;
                } catch (StatusRuntimeException e) {
                  assertTrue(e.getMessage().contains("invalid auth token"), e.getMessage());
                  return true;
                }
              });
    } finally {
      channel.shutdownNow();
    }
  }
}
