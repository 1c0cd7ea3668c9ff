/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint ({@code --admin-listen}): {@code /livez} answers 200 while the
 * process runs (it depends on nothing, etcd included), {@code /readyz} 200 while the process takes
 * new sessions and 503 otherwise (starting, or draining after SIGTERM), {@code /metrics} the
 * registry in the Prometheus text format. One thread serves it: scrapes and probes are rare and
 * small, and a busy server must not grow threads for them.
 */
final class AdminEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminEndpoint.class);

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static AdminEndpoint start(
      InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
              respond(exchange, 405, "text/plain", "method not allowed\n");
            } else if (path.equals("/livez")) {
              respond(exchange, 200, "text/plain", "ok\n");
            } else if (path.equals("/readyz")) {
              boolean isReady = ready.getAsBoolean();
              respond(
                  exchange, isReady ? 200 : 503, "text/plain", isReady ? "ok\n" : "not ready\n");
            } else if (path.equals("/metrics")) {
              respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            } else {
              respond(exchange, 404, "text/plain", "not found\n");
            }
          } catch (IOException | RuntimeException e) {
            log.debug("admin endpoint request failed", e);
          }
        });
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("rhizome-admin-http").setDaemon(true).build());
    server.setExecutor(executor);
    server.start();
    log.info("admin endpoint on http://{}/ (livez, readyz, metrics)", describe(server));
    return new AdminEndpoint(server, executor);
  }

  private static String describe(HttpServer server) {
    InetSocketAddress a = server.getAddress();
    return a.getHostString() + ":" + a.getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The bound address (the real port when 0 was asked for). */
  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
