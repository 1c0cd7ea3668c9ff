/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ClusterRecord;
import org.junit.jupiter.api.Test;

class AuthMethodsTest {
  @Test
  void parsesThePgHbaNamesAndPrintsThemBack() {
    for (String name : new String[] {"scram-sha-256", "md5", "password"}) {
      assertEquals(name, AuthMethods.pgName(AuthMethods.parse(name)));
    }
    assertEquals(AuthMethod.AUTH_MD5, AuthMethods.parse("MD5"));
  }

  @Test
  void rejectsOtherNames() {
    assertThrows(IllegalArgumentException.class, () -> AuthMethods.parse("trust"));
    assertThrows(IllegalArgumentException.class, () -> AuthMethods.parse(""));
  }

  @Test
  void aClusterRecordWithoutTheFieldUsesScram() {
    assertEquals(AuthMethod.AUTH_SCRAM_SHA_256, AuthMethods.of(ClusterRecord.getDefaultInstance()));
    assertEquals("scram-sha-256", AuthMethods.pgName(AuthMethod.AUTH_METHOD_UNSPECIFIED));
  }
}
