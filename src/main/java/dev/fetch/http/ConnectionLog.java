package dev.fetch.http;

import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs (debug) each new connection: host, port, protocol and TLS version. One instance per call. */
final class ConnectionLog extends EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLog.class);

  private Handshake handshake;

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    this.handshake = handshake;
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    // the host as the URL names it: never its user info
    String host = call.request().url().host() + ":" + call.request().url().port();
    String tls = handshake == null ? "no TLS" : handshake.tlsVersion().javaName();
    String name = protocol == Protocol.H2_PRIOR_KNOWLEDGE ? Protocol.HTTP_2.toString() : String.valueOf(protocol);
    LOG.debug("new connection to {} ({}): {}, {}{}", host, address, name, tls,
        proxy.type() == Proxy.Type.DIRECT ? "" : " via proxy " + proxy.address());
    handshake = null;
  }
}
