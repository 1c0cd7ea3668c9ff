/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import org.junit.jupiter.api.Test;

class UnauthenticatedTest {
  private final Unauthenticated slots = new Unauthenticated(2);

  @Test
  void admitsUpToTheBoundAndTakesBackASlotWhenAConnectionCloses() {
    EmbeddedChannel a = new EmbeddedChannel();
    EmbeddedChannel b = new EmbeddedChannel();
    EmbeddedChannel c = new EmbeddedChannel();
    assertTrue(slots.admit(a));
    assertTrue(slots.admit(b));
    assertFalse(slots.admit(c), "a third waits for no one");
    assertEquals(2, slots.held());
    a.close();
    assertEquals(1, slots.held());
    assertTrue(slots.admit(c));
    b.close();
    c.close();
    assertEquals(0, slots.held());
  }

  @Test
  void anAuthenticatedConnectionGivesItsSlotBackOnceAndLiftsTheMessageLimit() {
    PgFrameDecoder frames = new PgFrameDecoder(1 << 20);
    EmbeddedChannel a = new EmbeddedChannel(frames);
    assertTrue(slots.admit(a));
    Unauthenticated.authenticated(a);
    assertEquals(0, slots.held());
    a.close(); // closing later does not give it back twice
    assertEquals(0, slots.held());
    assertTrue(slots.admit(new EmbeddedChannel()));
    assertTrue(slots.admit(new EmbeddedChannel()));
  }
}
