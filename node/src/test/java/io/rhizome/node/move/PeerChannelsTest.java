/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.TenantInfoRequest;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeerChannelsTest {

  /**
   * A node that was down leaves its channel waiting out gRPC's reconnect backoff (at least 0.8 s
   * after the first failed attempt, growing by 1.6 with each further one, to 2 minutes). Asked for
   * again (the map shows the node registered), the channel connects at once: a call made right away
   * that waits for the connection reaches the node well within the shortest backoff.
   *
   * <p>In-process transport: its server starts and accepts in microseconds, so the only wait this
   * test can see is the backoff itself, not a loaded machine's network stack or thread start-up.
   */
  @Test
  void aChannelWaitingOutItsReconnectBackoffConnectsAtOnceWhenAskedForAgain() throws Exception {
    String name = "peer-channels-test-" + UUID.randomUUID();
    String address = "inprocess:" + name;
    try (PeerChannels peers = new PeerChannels()) {
      StatusRuntimeException refused =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  NodeAdminGrpc.newBlockingStub(peers.channel(address))
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .tenantInfo(TenantInfoRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused::toString);

      Server server = InProcessServerBuilder.forName(name).build().start();
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
}
