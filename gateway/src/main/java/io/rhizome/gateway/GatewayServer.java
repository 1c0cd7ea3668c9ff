/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rhizome.gateway.auth.AuthThrottle;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.pg.session.GatewayMetrics;
import io.rhizome.gateway.pg.session.PgSessionHandler;
import io.rhizome.gateway.pg.session.SessionOrigin;
import io.rhizome.gateway.pg.session.SessionServices;
import io.rhizome.gateway.pg.session.TooManyConnectionsHandler;
import io.rhizome.gateway.pg.session.Unauthenticated;
import io.rhizome.gateway.route.CancelRouter;
import io.rhizome.gateway.tls.ServerTls;
import io.rhizome.proto.AuthMethod;
import io.rhizome.topology.AuthMethods;
import io.rhizome.topology.Topology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres-wire front door: a Netty server whose connections each run one {@link
 * PgSessionHandler} behind a {@link PgFrameDecoder}. Stateless: everything durable lives in the
 * topology and on the nodes.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  /** Cancel requests forwarded to nodes and not yet answered, per gateway; more are dropped. */
  private static final int MAX_CANCELS_IN_FLIGHT = 256;

  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

  /** Flushes held back at most before one goes out (a long result flushes as it streams). */
  private static final int MAX_FLUSHES_CONSOLIDATED = 64;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService blocking;
  private final ChannelGroup clients;
  private final Channel serverChannel;
  private final AtomicInteger open;
  private volatile boolean draining;

  /** How often a drain looks for sessions that became idle. */
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** How long sessions ended at the end of a drain get to close their sockets. */
  private static final Duration FINAL_CLOSE = Duration.ofSeconds(3);

  private GatewayServer(
      EventLoopGroup boss,
      EventLoopGroup workers,
      ExecutorService blocking,
      ChannelGroup clients,
      Channel serverChannel,
      AtomicInteger open) {
    this.boss = boss;
    this.workers = workers;
    this.blocking = blocking;
    this.clients = clients;
    this.serverChannel = serverChannel;
    this.open = open;
  }

  /**
   * Binds and starts serving.
   *
   * @param channels node channels, owned by the caller (closed by the caller after this server)
   */
  public static GatewayServer start(
      GatewayConfig config, Topology topology, NodeChannels channels) {
    return start(config, topology, channels, GatewayMetrics.NONE);
  }

  /**
   * Like {@link #start(GatewayConfig, Topology, NodeChannels)}, counting connections and sessions
   * into {@code metrics}.
   */
  public static GatewayServer start(
      GatewayConfig config, Topology topology, NodeChannels channels, GatewayMetrics metrics) {
    // Read first: a bad certificate or key fails the start before any thread or port is taken.
    ServerTls tls =
        config.tlsEnabled()
            ? ServerTls.fromPemFiles(config.tlsCertificate(), config.tlsKey())
            : null;
    AuthMethod authMethod = AuthMethods.of(topology.cluster());
    if (authMethod == AuthMethod.AUTH_PASSWORD && !config.tlsRequired()) {
      log.warn(
          "the cluster authenticates with cleartext passwords (auth method 'password') but this"
              + " gateway {}: passwords can cross the network unencrypted; configure TLS and"
              + " require it",
          tls == null ? "has no TLS" : "does not require TLS");
    }
    ThreadPoolExecutor blocking =
        new ThreadPoolExecutor(
            config.blockingThreads(),
            config.blockingThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.blockingQueue()),
            new DefaultThreadFactory("rhizome-gateway-blocking", true));
    blocking.allowCoreThreadTimeOut(true);
    EventLoopGroup boss = NettyTransport.group(1, "rhizome-gateway-accept");
    // One loop per core, not Netty's two: a loop never blocks, so a second one per core only adds
    // context switches, and fewer loops put more sessions' node requests into one write.
    int ioThreads =
        config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
    EventLoopGroup workers = NettyTransport.group(ioThreads, "rhizome-gateway-io");
    ChannelGroup clients = new DefaultChannelGroup("rhizome-clients", GlobalEventExecutor.INSTANCE);
    // The configured address until the bound one (with its real port) is known.
    AtomicReference<String> gatewayId = new AtomicReference<>(gatewayId(config.listen()));
    SessionServices services =
        new SessionServices(
            new Databases(topology, channels, config.adminDatabase(), blocking, gatewayId::get),
            blocking,
            new MockVerifiers(),
            new SecureRandom(),
            config.startupTimeout(),
            tls,
            config.tlsRequired(),
            new CancelRouter(topology, channels, MAX_CANCELS_IN_FLIGHT, CANCEL_TIMEOUT),
            config.idleSessionTimeout(),
            authMethod,
            config.guards().maxValueBytes(),
            new AuthThrottle(
                config.guards().authFailureDelay(), ClientGuards.MAX_AUTH_FAILURE_DELAY),
            metrics);
    Unauthenticated unauthenticated = new Unauthenticated(config.guards().maxUnauthenticated());
    AtomicInteger open = new AtomicInteger();
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NettyTransport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      clients.add(ch);
                      boolean admitted = open.incrementAndGet() <= config.maxConnections();
                      ch.closeFuture().addListener(f -> open.decrementAndGet());
                      // Past either bound the client is told 53300 and closed.
                      admitted = admitted && unauthenticated.admit(ch);
                      if (admitted) {
                        metrics.connectionAccepted();
                      } else {
                        metrics.connectionRefused();
                      }
                      // One write system call per turn of the event loop, however many messages
                      // and flushes an answer took (a point query: one, with its Ready).
                      ch.pipeline()
                          .addLast(
                              "flushes",
                              new FlushConsolidationHandler(MAX_FLUSHES_CONSOLIDATED, true));
                      ch.pipeline().addLast("frames", new PgFrameDecoder(config.maxMessageSize()));
                      ch.pipeline()
                          .addLast(
                              "session",
                              admitted
                                  ? new PgSessionHandler(services)
                                  : new TooManyConnectionsHandler(services));
                    }
                  })
              .bind(config.listen())
              .syncUninterruptibly()
              .channel();
      gatewayId.set(gatewayId((InetSocketAddress) server.localAddress()));
      log.info(
          "gateway listening on {} (auth {}, TLS {})",
          server.localAddress(),
          AuthMethods.pgName(authMethod),
          tls == null ? "off" : config.tlsRequired() ? "required" : "offered");
      return new GatewayServer(boss, workers, blocking, clients, server, open);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      blocking.shutdownNow();
      throw e;
    }
  }

  /**
   * How sessions name this gateway to the nodes (for the console's session list): its listen
   * address, with the host's name in place of a wildcard address so gateways on different hosts
   * differ.
   */
  static String gatewayId(InetSocketAddress listen) {
    if (listen.getAddress() != null && listen.getAddress().isAnyLocalAddress()) {
      try {
        return InetAddress.getLocalHost().getHostName() + ":" + listen.getPort();
      } catch (UnknownHostException e) {
        log.debug("no host name for the gateway id", e);
      }
    }
    return SessionOrigin.address(listen);
  }

  /** The address actually bound (with the real port when the config asked for port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The event loops that serve client connections, for their metrics. */
  public EventLoopGroup eventLoops() {
    return workers;
  }

  /** Client connections open now (those beyond the limit, about to be refused, included). */
  public int openConnections() {
    return open.get();
  }

  /** Whether the gateway takes new sessions: started and not draining. */
  public boolean ready() {
    return !draining && serverChannel.isOpen();
  }

  /**
   * A graceful shutdown: stops accepting connections, ends every session that is idle outside a
   * transaction (FATAL 57P01) and each other one as soon as its query and transaction are over,
   * until none is left, {@code grace} has passed or {@code hurry} opens; then ends the rest with
   * 57P01 whatever they do. {@link #close} stops the threads afterwards.
   */
  public void drain(Duration grace, CountDownLatch hurry) throws InterruptedException {
    draining = true;
    serverChannel.close().syncUninterruptibly();
    log.info("gateway draining: {} client connections open", clients.size());
    long deadline = System.nanoTime() + grace.toNanos();
    while (!clients.isEmpty()) {
      endSessions(false);
      long left = deadline - System.nanoTime();
      if (left <= 0 || hurry.await(Math.min(left, DRAIN_POLL_NANOS), TimeUnit.NANOSECONDS)) {
        log.info("gateway: {} sessions still busy at the end of the grace", clients.size());
        break;
      }
    }
    endSessions(true);
    long end = System.nanoTime() + FINAL_CLOSE.toNanos();
    while (!clients.isEmpty() && System.nanoTime() < end) {
      if (hurry.await(DRAIN_POLL_NANOS, TimeUnit.NANOSECONDS)) {
        break;
      }
    }
  }

  private void endSessions(boolean force) {
    for (Channel ch : clients) {
      PgSessionHandler session = ch.pipeline().get(PgSessionHandler.class);
      if (session == null) {
        ch.close();
      } else {
        ch.eventLoop().execute(() -> session.endIfIdle(force));
      }
    }
  }

  /** Stops accepting, closes every client connection, and stops the threads. */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    blocking.shutdownNow();
    log.info("gateway stopped");
  }
}
