/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.ScramVerifier;
import java.util.Optional;

/**
 * Jazzer target for the SCRAM-SHA-256 exchange: any client-first and client-final messages, for a
 * known and an unknown user. A malformed or wrong message may only end in a {@link PgException}.
 */
class ScramFuzzTest {
  private static final ScramVerifier VERIFIER = ScramVerifiers.derive("pw");
  private static final MockVerifiers MOCKS = new MockVerifiers();

  @FuzzTest(maxDuration = "2m")
  void scramMessages(FuzzedDataProvider data) {
    boolean known = data.consumeBoolean();
    ScramExchange exchange =
        ScramExchange.start("app", known ? Optional.of(VERIFIER) : Optional.empty(), MOCKS);
    String mechanism =
        data.consumeBoolean() ? ScramExchange.MECHANISM_NAME : data.consumeString(20);
    try {
      exchange.clientFirst(mechanism, data.consumeBytes(data.consumeInt(0, 2048)));
      exchange.clientFinal(data.consumeRemainingAsBytes());
    } catch (PgException expected) {
      // 08P01, 0A000 or 28P01: the session answers it and closes
    }
  }
}
