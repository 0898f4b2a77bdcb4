package dev.fetch.http;

import java.util.List;
import okhttp3.Protocol;

/** Which HTTP versions a run's client speaks. */
public enum HttpVersion {
  /** HTTP/2 where the server offers it over TLS (ALPN), else HTTP/1.1. */
  ANY(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)),
  /** HTTP/1.1 only (--http1.1), for servers whose HTTP/2 is broken. */
  HTTP_1_1(List.of(Protocol.HTTP_1_1)),
  /** Cleartext HTTP/2 without negotiation, for plain http servers known to speak it (library use). */
  H2_PRIOR_KNOWLEDGE(List.of(Protocol.H2_PRIOR_KNOWLEDGE));

  private final List<Protocol> protocols;

  HttpVersion(List<Protocol> protocols) {
    this.protocols = protocols;
  }

  List<Protocol> protocols() {
    return protocols;
  }
}
