/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.tls.ServerTls;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.proto.SqlState;
import io.rhizome.testkit.TestCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSLRequest and GSSENCRequest at byte level: 'S' and a real TLS handshake ahead of the frame
 * decoder, 'N' without a certificate, plain text injected behind a request refused, and
 * --tls-required. The client side of the handshake is a second EmbeddedChannel with a client
 * SslHandler that trusts the test CA and checks the host name.
 */
class EncryptionTest {
  @TempDir static Path certs;
  private static TestCertificates.Pki pki;
  private static ServerTls serverTls;

  @BeforeAll
  static void makeCertificates() {
    pki = TestCertificates.create(certs);
    serverTls = ServerTls.fromPemFiles(pki.serverCert(), pki.serverKey());
  }

  private static SessionServices services(ServerTls tls, boolean required) {
    return new SessionServices(
        (database, user) -> {
          throw PgException.fatal(
              SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
        },
        Runnable::run,
        new MockVerifiers(),
        new SecureRandom(),
        Duration.ofSeconds(30),
        tls,
        required,
        CancelRequests.NONE,
        Duration.ZERO);
  }

  private static EmbeddedChannel server(ServerTls tls, boolean required) {
    return new EmbeddedChannel(
        new PgFrameDecoder(64 * 1024), new PgSessionHandler(services(tls, required)));
  }

  private static ByteBuf startup() {
    return Frontend.startup(Map.of("user", "app", "database", "nope"));
  }

  private static ByteBuf concat(ByteBuf... parts) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf p : parts) {
      all.writeBytes(p);
      p.release();
    }
    return all;
  }

  /** Moves bytes both ways until neither side has anything more to say. */
  private static void shuttle(EmbeddedChannel client, EmbeddedChannel server) {
    boolean moved;
    do {
      moved = false;
      for (Object o; (o = client.readOutbound()) != null; moved = true) {
        server.writeInbound(o);
      }
      server.runPendingTasks();
      for (Object o; (o = server.readOutbound()) != null; moved = true) {
        client.writeInbound(o);
      }
      client.runPendingTasks();
    } while (moved);
  }

  /** The client's decrypted inbound bytes, as backend messages. */
  private static List<Message> received(EmbeddedChannel client) {
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = client.readInbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      all.writeBytes(b);
      b.release();
    }
    return Backend.parse(all);
  }

  @Test
  void sslRequestIsAnsweredSAndTheSessionRunsOverTlsAheadOfTheFrameDecoder() throws Exception {
    EmbeddedChannel server = server(serverTls, true);
    server.writeInbound(Frontend.sslRequest());
    assertEquals("S", Backend.types(Backend.read(server)));
    assertInstanceOf(SslHandler.class, server.pipeline().first(), "TLS goes first");

    SslContext clientContext =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .trustManager(pki.caCert().toFile())
            .endpointIdentificationAlgorithm("HTTPS")
            .build();
    SslHandler clientTls = clientContext.newHandler(server.alloc(), "localhost", 5432);
    EmbeddedChannel client = new EmbeddedChannel(clientTls);
    shuttle(client, server);
    assertTrue(clientTls.handshakeFuture().isSuccess(), () -> "" + clientTls.handshakeFuture());

    // A startup packet through TLS reaches the session (even with TLS required), whose answer
    // comes back encrypted.
    client.writeOutbound(startup());
    shuttle(client, server);
    List<Message> answer = received(client);
    assertEquals("E", Backend.types(answer));
    assertEquals(SqlState.INVALID_CATALOG_NAME.code(), answer.get(0).sqlState());
    assertFalse(server.isActive(), "the FATAL error closed the connection");
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void sslRequestWithoutACertificateIsAnsweredN() {
    EmbeddedChannel server = server(null, false);
    server.writeInbound(Frontend.sslRequest());
    assertEquals("N", Backend.types(Backend.read(server)));
    assertFalse(server.pipeline().first() instanceof SslHandler);
    server.writeInbound(startup());
    assertEquals(
        SqlState.INVALID_CATALOG_NAME.code(), Backend.read(server).get(0).sqlState(), "plain text");
    assertFalse(server.finish());
  }

  @Test
  void plainTextBehindAnSslRequestInTheSameReadIsRefused() {
    EmbeddedChannel server = server(serverTls, false);
    ByteBuf injected = concat(Frontend.sslRequest(), startup());
    server.writeInbound(injected);
    List<Message> out = Backend.read(server);
    assertEquals("E", Backend.types(out), "no 'S': the handshake never starts");
    assertEquals(SqlState.PROTOCOL_VIOLATION.code(), out.get(0).sqlState());
    assertEquals("received unencrypted data after SSL request", out.get(0).errorFields().get('M'));
    assertNull(server.pipeline().get(SslHandler.class));
    assertFalse(server.isActive());
    assertEquals(0, injected.refCnt());
    assertFalse(server.finish());
  }

  @Test
  void plainTextBehindAGssEncRequestIsRefusedToo() {
    EmbeddedChannel server = server(null, false);
    server.writeInbound(concat(Frontend.gssEncRequest(), startup()));
    List<Message> out = Backend.read(server);
    assertEquals("E", Backend.types(out));
    assertEquals(
        "received unencrypted data after GSSAPI encryption request",
        out.get(0).errorFields().get('M'));
    assertFalse(server.isActive());
    assertFalse(server.finish());
  }

  @Test
  void gssEncRequestIsRefusedThenSslRequestIsAccepted() {
    EmbeddedChannel server = server(serverTls, false);
    server.writeInbound(Frontend.gssEncRequest());
    assertEquals("N", Backend.types(Backend.read(server)));
    server.writeInbound(Frontend.sslRequest());
    assertEquals("S", Backend.types(Backend.read(server)));
    server.finishAndReleaseAll();
  }

  @Test
  void aSecondSslRequestIsAProtocolViolation() {
    EmbeddedChannel server = server(null, false);
    server.writeInbound(Frontend.sslRequest());
    assertEquals("N", Backend.types(Backend.read(server)));
    server.writeInbound(Frontend.sslRequest());
    List<Message> out = Backend.read(server);
    assertEquals("E", Backend.types(out));
    assertEquals(SqlState.PROTOCOL_VIOLATION.code(), out.get(0).sqlState());
    assertFalse(server.isActive());
    assertFalse(server.finish());
  }

  @Test
  void tlsRequiredRefusesAPlainTextStartupWith28000() {
    EmbeddedChannel server = server(serverTls, true);
    server.writeInbound(Frontend.sslRequest());
    server.close(); // a client that got 'S' but hung up: nothing to say
    server.finishAndReleaseAll();

    EmbeddedChannel plain = server(serverTls, true);
    plain.writeInbound(startup());
    List<Message> out = Backend.read(plain);
    assertEquals("E", Backend.types(out));
    assertEquals(SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(), out.get(0).sqlState());
    assertEquals("FATAL", out.get(0).errorFields().get('S'));
    assertFalse(plain.isActive());
    assertFalse(plain.finish());
  }

  @Test
  void aClientHelloThatIsNotTlsClosesQuietly() {
    EmbeddedChannel server = server(serverTls, false);
    server.writeInbound(Frontend.sslRequest());
    assertEquals("S", Backend.types(Backend.read(server)));
    server.writeInbound(startup()); // plain text where a ClientHello must come
    server.runPendingTasks();
    for (Object o; (o = server.readOutbound()) != null; ) {
      ((ByteBuf) o).release(); // a TLS alert at most; never a plain-text message
    }
    assertFalse(server.isActive());
    server.finishAndReleaseAll();
  }
}
