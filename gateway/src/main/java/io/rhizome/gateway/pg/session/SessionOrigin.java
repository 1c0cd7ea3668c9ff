/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where a client session comes from, as the console's SHOW SESSIONS shows it (Postgres'
 * client_addr, client_port and application_name). Only shown, never trusted: the application name
 * is whatever the client sent.
 *
 * @param clientAddress the client's ip:port as this gateway sees it; empty when unknown
 * @param applicationName the startup packet's application_name, at most {@link #MAX_NAME} chars
 * @param gateway which gateway process the session came through (its listen address)
 */
public record SessionOrigin(String clientAddress, String applicationName, String gateway) {
  /** Postgres truncates application_name to NAMEDATALEN - 1 bytes; characters here. */
  public static final int MAX_NAME = 63;

  public static final SessionOrigin UNKNOWN = new SessionOrigin("", "", "");

  public SessionOrigin {
    if (applicationName.length() > MAX_NAME) {
      applicationName = applicationName.substring(0, MAX_NAME);
    }
  }

  /** The same origin, through {@code gateway}. */
  public SessionOrigin through(String gateway) {
    return new SessionOrigin(clientAddress, applicationName, gateway);
  }

  /** ip:port, with an IPv6 address in brackets; empty for a non-IP (e.g. in-process) address. */
  /** The host part of a client's address (no port), or "" when it has none. */
  public static String host(SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet)) {
      return "";
    }
    return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
  }

  public static String address(SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet)) {
      return "";
    }
    String host =
        inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
  }
}
