package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.apache.pekko.stream.StreamTcpException;
import org.junit.jupiter.api.Test;

class FetchFailuresTest {

  @Test
  void aRefusedConnectionIsNamedWithoutPekkosInternalCommand() {
    StreamTcpException refused = new StreamTcpException(
        "Tcp command [Connect(127.0.0.1:1,None,List(),Some(10 seconds),true)] failed because of java.net.ConnectException: Connection refused");
    assertEquals("connection failed: connection refused",
        FetchFailures.reason(new CompletionException(refused)));
  }

  @Test
  void otherFailuresAreInPlainWordsOnOneLine() {
    assertEquals("disk full", FetchFailures.reason(new IOException("disk\nfull")));
    assertEquals("illegal state", FetchFailures.reason(new IllegalStateException()));
    StreamTcpException unknown = new StreamTcpException(
        "Tcp command [Connect(nohost.invalid:80,None,List(),Some(10 seconds),true)] failed because of java.net.UnknownHostException: nohost.invalid");
    assertEquals("connection failed: unknown host nohost.invalid", FetchFailures.reason(unknown));
  }

  @Test
  void onlyTryAgainLaterStatusesAreTransient() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) assertTrue(FetchFailures.TRANSIENT_STATUSES.contains(status));
    for (int status : new int[] {400, 403, 404, 418, 501}) assertFalse(FetchFailures.TRANSIENT_STATUSES.contains(status));
  }
}
