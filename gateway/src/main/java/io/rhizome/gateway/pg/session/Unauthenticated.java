/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on connections that have not finished authenticating. A connection takes a slot when it
 * is accepted and gives it back once its password is proven or it closes, whichever comes first;
 * proving the password also lifts its frame decoder's pre-authentication message limit.
 */
public final class Unauthenticated {
  private static final AttributeKey<Slot> SLOT =
      AttributeKey.valueOf(Unauthenticated.class, "slot");

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  public Unauthenticated(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  /**
   * Takes a slot for {@code channel}, given back when it closes at the latest.
   *
   * @return false (and no slot) when every slot is held
   */
  public boolean admit(Channel channel) {
    if (held.incrementAndGet() > max) {
      held.decrementAndGet();
      return false;
    }
    Slot slot = new Slot();
    channel.attr(SLOT).set(slot);
    channel.closeFuture().addListener(f -> slot.giveBack());
    return true;
  }

  /** Connections holding a slot now. */
  public int held() {
    return held.get();
  }

  /** The client of {@code channel} has proven its password. */
  static void authenticated(Channel channel) {
    PgFrameDecoder frames = channel.pipeline().get(PgFrameDecoder.class);
    if (frames != null) {
      frames.authenticated();
    }
    Slot slot = channel.attr(SLOT).getAndSet(null);
    if (slot != null) {
      slot.giveBack();
    }
  }

  private final class Slot {
    private final AtomicBoolean held = new AtomicBoolean(true);

    void giveBack() {
      if (held.compareAndSet(true, false)) {
        Unauthenticated.this.held.decrementAndGet();
      }
    }
  }
}
