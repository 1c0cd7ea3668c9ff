/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rhizome.gateway.pg.codec.FrontendMessage.CancelRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.GssEncRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.SslRequest;
import io.rhizome.proto.SqlState;
import java.util.List;

/**
 * Cuts the client's byte stream into frames and enforces a length limit on every one of them; it
 * gives frames no meaning beyond their record (the session handler does that).
 *
 * <p>Two framings exist. Until the startup packet, packets carry no type byte:
 *
 * <pre>
 * Int32 length (including itself) | Int32 code | body
 *   code 80877103 SSLRequest, 80877104 GSSENCRequest, 80877102 CancelRequest,
 *   (major &lt;&lt; 16 | minor) StartupMessage
 * </pre>
 *
 * After the startup packet every message is {@code Byte1 type | Int32 length (including itself) |
 * body}.
 *
 * <p>A length outside the limits is rejected as soon as its header is read, so a client can never
 * make the decoder buffer more than {@code maxMessageSize} bytes, nor more than {@link
 * #MAX_UNAUTHENTICATED_MESSAGE} before it has authenticated ({@link #authenticated}). Any violation
 * throws a fatal {@link PgException}; the decoder then discards all further input (the stream can
 * no longer be cut reliably) and the session handler answers 08P01 and closes.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {
  /** Postgres' own cap on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
  public static final int MAX_STARTUP_PACKET = 10_000;

  /**
   * The largest message before the client has proven its password: Postgres' own cap on an
   * authentication token (PG_MAX_AUTH_TOKEN_LENGTH). A password or SASL message is far smaller, and
   * a client nobody knows yet cannot make the gateway buffer megabytes.
   */
  public static final int MAX_UNAUTHENTICATED_MESSAGE = 65_535;

  static final int SSL_REQUEST_CODE = 80877103;
  static final int GSSENC_REQUEST_CODE = 80877104;
  static final int CANCEL_REQUEST_CODE = 80877102;
  static final int PROTOCOL_MAJOR = 3;

  private final int maxMessageSize;
  private int limit;
  private boolean startupPhase = true;
  private boolean failed;

  /**
   * @param maxMessageSize largest accepted value of a regular message's length field
   */
  public PgFrameDecoder(int maxMessageSize) {
    if (maxMessageSize < 5) {
      throw new IllegalArgumentException("maxMessageSize too small: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    this.limit = Math.min(maxMessageSize, MAX_UNAUTHENTICATED_MESSAGE);
  }

  /** The client has proven its password: from now on messages may be {@code maxMessageSize}. */
  public void authenticated() {
    limit = maxMessageSize;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      if (startupPhase) {
        decodeStartupPacket(in, out);
      } else {
        decodeMessage(in, out);
      }
    } catch (PgException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodeStartupPacket(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 8 || length > MAX_STARTUP_PACKET) {
      throw PgException.protocolViolation("invalid length of startup packet");
    }
    if (in.readableBytes() < length) {
      return;
    }
    ByteBuf packet = in.readSlice(length).skipBytes(4);
    int code = packet.readInt();
    switch (code) {
      case SSL_REQUEST_CODE -> {
        FrontendMessage request = fixedLength(packet, new SslRequest());
        requireNothingBuffered(in, "SSL");
        out.add(request);
      }
      case GSSENC_REQUEST_CODE -> {
        FrontendMessage request = fixedLength(packet, new GssEncRequest());
        requireNothingBuffered(in, "GSSAPI encryption");
        out.add(request);
      }
      case CANCEL_REQUEST_CODE -> {
        if (packet.readableBytes() != 8) {
          throw PgException.protocolViolation("invalid length of cancel request packet");
        }
        out.add(new CancelRequest(packet.readInt(), packet.readInt()));
      }
      default -> {
        int major = code >>> 16;
        int minor = code & 0xFFFF;
        if (major != PROTOCOL_MAJOR) {
          // Postgres answers an unknown major version with 0A000, not 08P01: the packet is
          // well-formed, the version is just not spoken here.
          throw PgException.fatal(
              SqlState.FEATURE_NOT_SUPPORTED,
              "unsupported frontend protocol "
                  + major
                  + "."
                  + minor
                  + ": server supports 3.0 to 3.0");
        }
        out.add(FrontendMessages.startup(major, minor, packet));
        startupPhase = false;
      }
    }
  }

  /**
   * A client must wait for the answer to an encryption request before it sends more. Bytes already
   * read behind the request arrived in plain text before any handshake and may have been injected
   * by a man in the middle (CVE-2021-23214): like Postgres, refuse them rather than treat them as
   * part of the session, whatever the answer would have been.
   */
  private static void requireNothingBuffered(ByteBuf in, String what) {
    if (in.isReadable()) {
      throw new PgException(
          PgError.fatal(
                  SqlState.PROTOCOL_VIOLATION,
                  "received unencrypted data after " + what + " request")
              .withDetail(
                  "This could be either a client-software bug or evidence of an attempted"
                      + " man-in-the-middle attack."));
    }
  }

  private static FrontendMessage fixedLength(ByteBuf packet, FrontendMessage message) {
    if (packet.isReadable()) {
      throw PgException.protocolViolation("invalid length of startup packet");
    }
    return message;
  }

  private void decodeMessage(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 5) {
      return;
    }
    int start = in.readerIndex();
    char type = (char) (in.getByte(start) & 0xFF);
    int length = in.getInt(start + 1);
    if (length < 4) {
      throw PgException.protocolViolation("invalid message length");
    }
    if (length > limit) {
      throw PgException.protocolViolation(
          "message length "
              + length
              + " exceeds the limit of "
              + limit
              + " bytes"
              + (limit < maxMessageSize ? " before authentication" : ""));
    }
    if (in.readableBytes() < 1 + length) {
      return;
    }
    ByteBuf body = in.readSlice(1 + length).skipBytes(5);
    out.add(FrontendMessages.decode(type, body));
  }
}
