/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

/** A reported setting's current value, to send to the client as a ParameterStatus message. */
public record ParameterStatus(String name, String value) {}
