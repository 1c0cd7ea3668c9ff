/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.auth.MockVerifiers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every session of a gateway shares.
 *
 * @param databases resolves startup database names (may block)
 * @param blocking where blocking calls (metadata read-through) run, never the event loop
 * @param mocks verifiers for unknown users
 * @param random source of BackendKeyData keys
 * @param startupTimeout how long a connection may take from accept to ReadyForQuery
 */
public record SessionServices(
    DatabaseResolver databases,
    Executor blocking,
    MockVerifiers mocks,
    SecureRandom random,
    Duration startupTimeout) {}
