/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

/** A session's BackendKeyData: what a client sends back in a CancelRequest. */
public record CancelKey(int processId, int secretKey) {}
