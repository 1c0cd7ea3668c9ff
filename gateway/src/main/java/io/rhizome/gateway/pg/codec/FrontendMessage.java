/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message from the client, decoded eagerly from exactly one frame. Records hold no buffers, so
 * nothing downstream of the decoder has reference counts to manage.
 */
public sealed interface FrontendMessage {

  /** Startup-phase packet asking for TLS. */
  record SslRequest() implements FrontendMessage {}

  /** Startup-phase packet asking for GSSAPI encryption. */
  record GssEncRequest() implements FrontendMessage {}

  /** Startup-phase packet asking to cancel the query of another session. */
  record CancelRequest(int processId, int secretKey) implements FrontendMessage {}

  /**
   * The startup packet.
   *
   * @param parameters name/value pairs in the order sent (a repeated name keeps its last value)
   */
  record StartupMessage(int majorVersion, int minorVersion, Map<String, String> parameters)
      implements FrontendMessage {
    public StartupMessage {
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  /** 'Q': a simple query (one or more statements). */
  record Query(String sql) implements FrontendMessage {}

  /**
   * 'p': the body of PasswordMessage, SASLInitialResponse or SASLResponse. Which one it is depends
   * on the authentication step, so its meaning is given by the session ({@link SaslInitialResponse}
   * parses the first form); the bytes are a copy bounded by the frame.
   */
  record AuthenticationResponse(byte[] body) implements FrontendMessage {
    public AuthenticationResponse {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AuthenticationResponse other && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      // never print credentials
      return "AuthenticationResponse[" + body.length + " bytes]";
    }
  }

  /** 'P' Parse, 'B' Bind, 'D' Describe, 'E' Execute, 'C' Close: the extended query protocol. */
  sealed interface ExtendedQuery extends FrontendMessage
      permits Parse, Bind, Describe, Execute, Close {}

  /** What a Describe or Close names. */
  enum Target {
    STATEMENT,
    PORTAL
  }

  /**
   * 'P' Parse.
   *
   * @param name the statement name, "" for the unnamed statement
   * @param parameterTypes type OIDs the client gives, by position (0 = unspecified)
   */
  record Parse(String name, String sql, List<Integer> parameterTypes) implements ExtendedQuery {
    public Parse {
      parameterTypes = List.copyOf(parameterTypes);
    }

    @Override
    public String toString() {
      // the text may hold secrets; its length is enough for diagnostics
      return "Parse[" + name + ", " + sql.length() + " chars, " + parameterTypes + "]";
    }
  }

  /**
   * 'B' Bind.
   *
   * @param parameterFormats 0 (text) or 1 (binary): none (all text), one for all, or one each
   * @param values the parameter values as sent; a null element is SQL NULL
   * @param resultFormats the same rule, for the result columns
   */
  record Bind(
      String portal,
      String statement,
      List<Integer> parameterFormats,
      List<ByteString> values,
      List<Integer> resultFormats)
      implements ExtendedQuery {
    public Bind {
      parameterFormats = List.copyOf(parameterFormats);
      values = Collections.unmodifiableList(new ArrayList<>(values));
      resultFormats = List.copyOf(resultFormats);
    }

    @Override
    public String toString() {
      // never print bound values
      return "Bind[" + portal + ", " + statement + ", " + values.size() + " values]";
    }
  }

  /** 'D' Describe of a statement or a portal. */
  record Describe(Target target, String name) implements ExtendedQuery {}

  /**
   * 'E' Execute.
   *
   * @param maxRows the most rows to return; 0 (or less) for all
   */
  record Execute(String portal, int maxRows) implements ExtendedQuery {}

  /** 'C' Close of a statement or a portal. */
  record Close(Target target, String name) implements ExtendedQuery {}

  /** 'S' Sync. */
  record Sync() implements FrontendMessage {}

  /** 'H' Flush. */
  record Flush() implements FrontendMessage {}

  /** 'F' FunctionCall (not served). */
  record FunctionCall() implements FrontendMessage {}

  /**
   * The messages of a COPY FROM STDIN. Outside a COPY they are ignored, as Postgres does, so a
   * client that ends a failed COPY late does not get a second error.
   */
  sealed interface CopyMessage extends FrontendMessage permits CopyData, CopyDone, CopyFail {}

  /** 'd' CopyData: a chunk of the input stream; chunk boundaries carry no meaning. */
  record CopyData(byte[] data) implements CopyMessage {}

  /** 'c' CopyDone: the input stream ended normally. */
  record CopyDone() implements CopyMessage {}

  /** 'f' CopyFail: the client aborts the COPY, with its reason. */
  record CopyFail(String message) implements CopyMessage {}

  /** 'X' Terminate. */
  record Terminate() implements FrontendMessage {}

  /** Startup-phase packets carry no type byte and are the only ones allowed before startup. */
  static boolean isStartupPhase(FrontendMessage m) {
    return m instanceof SslRequest
        || m instanceof GssEncRequest
        || m instanceof CancelRequest
        || m instanceof StartupMessage;
  }

  /** Name for diagnostics (never the content). */
  static String describe(FrontendMessage m) {
    return m.getClass().getSimpleName();
  }
}
