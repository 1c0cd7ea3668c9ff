/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Channel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.TenantInfoRequest;
import io.rhizome.testkit.FreePort;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeerChannelsTest {

  /**
   * A node that was down leaves its channel waiting out gRPC's reconnect backoff (at least 0.8 s
   * after the first refused attempt, growing by 1.6 with each further one, to 2 minutes). Asked for
   * again (the map shows the node registered), the channel connects at once: a call made right away
   * that waits for the connection (as the replication upkeep's next round, a second later, finds it
   * ready) reaches the node within half a second.
   */
  @Test
  void aChannelWaitingOutItsReconnectBackoffConnectsAtOnceWhenAskedForAgain() throws Exception {
    // A server started and stopped first: starting the one the test needs takes milliseconds, well
    // within the backoff.
    serve(FreePort.pick()).shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    int port = FreePort.pick();
    String address = "127.0.0.1:" + port;
    try (PeerChannels peers = new PeerChannels()) {
      StatusRuntimeException refused =
          assertThrows(StatusRuntimeException.class, () -> tenantInfo(peers.channel(address)));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused::toString);

      Server server = serve(port);
      try {
        // No service is registered: UNIMPLEMENTED comes from the server, where a channel still in
        // its backoff would let the call's deadline pass.
        StatusRuntimeException e =
            assertThrows(
                StatusRuntimeException.class,
                () ->
                    NodeAdminGrpc.newBlockingStub(peers.channel(address))
                        .withWaitForReady()
                        .withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                        .tenantInfo(TenantInfoRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e::toString);
      } finally {
        server.shutdownNow();
      }
    }
  }

  private static Server serve(int port) throws java.io.IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).build().start();
  }

  private static void tenantInfo(Channel channel) {
    NodeAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .tenantInfo(TenantInfoRequest.newBuilder().setTenant("t").build());
  }
}
