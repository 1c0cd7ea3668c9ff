/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CachingNodeChannelsTest {

  @Test
  void parsesHostPortIncludingIpv6Literals() {
    assertEquals(
        new CachingNodeChannels.HostPort("10.0.0.7", 7000),
        CachingNodeChannels.HostPort.parse("10.0.0.7:7000"));
    assertEquals(
        new CachingNodeChannels.HostPort("::1", 7000),
        CachingNodeChannels.HostPort.parse("[::1]:7000"));
  }

  @Test
  void rejectsAddressesOfNeitherForm() {
    for (String bad : new String[] {"nohost", "host:", ":80", "host:notaport", "host:70000"}) {
      assertThrows(
          IllegalArgumentException.class, () -> CachingNodeChannels.HostPort.parse(bad), bad);
    }
    try (NodeChannels channels = NodeChannels.create()) {
      assertThrows(IllegalArgumentException.class, () -> channels.channel("inprocess:"));
    }
  }

  @Test
  void cachesOneChannelPerAddressAndRefusesUseAfterClose() {
    NodeChannels channels = NodeChannels.create();
    assertSame(channels.channel("inprocess:a"), channels.channel("inprocess:a"));
    assertSame(channels.channel("127.0.0.1:1"), channels.channel("127.0.0.1:1"));
    channels.close();
    assertThrows(IllegalStateException.class, () -> channels.channel("inprocess:a"));
  }
}
