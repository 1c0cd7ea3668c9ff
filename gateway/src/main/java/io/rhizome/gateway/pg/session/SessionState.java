/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.FrontendMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Flush;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Terminate;

/**
 * The one state of a client session, and which messages each state accepts.
 *
 * <pre>
 * AWAITING_STARTUP  --SSLRequest ('S' + TLS handshake, or 'N')--> AWAITING_STARTUP
 *                   --GSSENCRequest ('N')--> AWAITING_STARTUP
 *                   --StartupMessage--> AUTHENTICATING (FATAL 28000 instead when TLS is required)
 *                   --CancelRequest (forwarded, no reply)--> CLOSED
 * AUTHENTICATING    --SASLInitialResponse--> AUTHENTICATING   --SASLResponse ok--> CONNECTING_TO_NODE
 *                   --PasswordMessage (md5) ok--> CONNECTING_TO_NODE
 *                   --PasswordMessage (cleartext)--> VERIFYING_PASSWORD
 * VERIFYING_PASSWORD --checked off the event loop, ok--> CONNECTING_TO_NODE
 * CONNECTING_TO_NODE --backend open--> READY
 * READY             --Query--> IN_QUERY (or READY at once for an empty or gateway-only query)
 *                   --Parse/Bind/Describe/Execute/Close--> READY (collected into a run, or
 *                       answered at once when the gateway answers them itself)
 *                   --Sync/Flush, end of a read with a run collected--> IN_QUERY (run sent)
 *                   --an error the gateway raises for a step--> FAILED_SKIP_UNTIL_SYNC
 * IN_QUERY          --COPY FROM STDIN described, or a batch of its rows stored--> COPY_IN
 * COPY_IN           --CopyData--> COPY_IN (or IN_QUERY while a batch goes to the backend)
 *                   --CopyDone/CopyFail--> IN_QUERY (last batch and sync), then READY
 *                   --Flush/Sync: ignored; any other message: 08P01 and close
 * IN_QUERY          --last result and ReadyForQuery--> READY
 *                   --Ready of a run without Sync--> READY, or FAILED_SKIP_UNTIL_SYNC after an error
 * FAILED_SKIP_UNTIL_SYNC --Sync--> READY (ReadyForQuery; or IN_QUERY while the Sync reaches the
 *                       backend, which ends its implicit transaction)
 * READY             --idle past the idle-session timeout (FATAL 57P05)--> CLOSED
 * READY, startup    --gateway shutting down (FATAL 57P01)--> CLOSED
 * any               --Terminate, fatal error, lost node, closed socket--> CLOSED
 * </pre>
 */
public enum SessionState {
  AWAITING_STARTUP,
  AUTHENTICATING,
  VERIFYING_PASSWORD,
  CONNECTING_TO_NODE,
  READY,
  IN_QUERY,
  COPY_IN,
  FAILED_SKIP_UNTIL_SYNC,
  CLOSED;

  /** What the session does with a message arriving in a state. */
  public enum Disposition {
    /** Act on it now. */
    HANDLE,
    /** Keep it, in order, until the running query is done (clients may pipeline). */
    DEFER,
    /** Drop it silently. */
    DISCARD,
    /** A protocol violation: 08P01 and close. */
    ILLEGAL
  }

  /** The disposition of {@code message} in this state. */
  public Disposition dispositionOf(FrontendMessage message) {
    boolean startupPhase = FrontendMessage.isStartupPhase(message);
    return switch (this) {
      case AWAITING_STARTUP -> startupPhase ? Disposition.HANDLE : Disposition.ILLEGAL;
      case AUTHENTICATING ->
          message instanceof AuthenticationResponse || message instanceof Terminate
              ? Disposition.HANDLE
              : Disposition.ILLEGAL;
      case VERIFYING_PASSWORD, CONNECTING_TO_NODE ->
          message instanceof Terminate ? Disposition.HANDLE : Disposition.ILLEGAL;
      case READY ->
          startupPhase || message instanceof AuthenticationResponse
              ? Disposition.ILLEGAL
              : Disposition.HANDLE;
      case IN_QUERY -> Disposition.DEFER;
      case COPY_IN -> {
        if (message instanceof CopyMessage || message instanceof Terminate) {
          yield Disposition.HANDLE;
        }
        // Postgres ignores Flush and Sync during COPY FROM STDIN, for clients that send them.
        yield message instanceof Sync || message instanceof Flush
            ? Disposition.DISCARD
            : Disposition.ILLEGAL;
      }
      case FAILED_SKIP_UNTIL_SYNC ->
          message instanceof Sync || message instanceof Terminate
              ? Disposition.HANDLE
              : Disposition.DISCARD;
      case CLOSED -> Disposition.DISCARD;
    };
  }
}
