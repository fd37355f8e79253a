package dev.rootkey.webhook.verify;

import java.net.InetAddress;
import java.util.List;

/**
 * Where a verification request came from: the socket's peer and every {@code X-Forwarded-For}
 * value, in the order received. Read only when a RootKey's {@code allowedCidrs} asks who the caller
 * is, so a request for a key without an allowlist pays nothing for finding out.
 */
public interface RequestOrigin {

  /** The socket's remote address. */
  InetAddress peer();

  /** Every {@code X-Forwarded-For} header value, in the order received. */
  List<String> forwardedFor();

  /** An origin already known, as tests and in-process callers have it. */
  static RequestOrigin of(InetAddress peer, List<String> forwardedFor) {
    return new RequestOrigin() {
      @Override
      public InetAddress peer() {
        return peer;
      }

      @Override
      public List<String> forwardedFor() {
        return forwardedFor;
      }
    };
  }
}
