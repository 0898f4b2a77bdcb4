package dev.fetch.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * One TLS handshake per host: a host's first request goes alone, and the others wait until its
 * connection is up (or it failed), then go: over HTTP/2 they join that connection, over HTTP/1.1
 * they open more as usual. Without this, requests that start together each open a connection.
 * {@link #application()} holds requests back; {@link #network()} opens the gate once connected.
 */
final class FirstConnectionGate {
  private final ConcurrentHashMap<String, CountDownLatch> hosts = new ConcurrentHashMap<>();
  private final Duration longestWait;

  /** @param longestWait how long a request waits for the first connection at most (then goes anyway) */
  FirstConnectionGate(Duration longestWait) {
    this.longestWait = longestWait;
  }

  private static String key(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  Interceptor application() {
    return chain -> {
      String key = key(chain.request().url());
      CountDownLatch gate = hosts.get(key);
      if (gate == null) {
        CountDownLatch fresh = new CountDownLatch(1);
        gate = hosts.putIfAbsent(key, fresh);
        if (gate == null) {
          try {
            return chain.proceed(chain.request());
          } finally {
            fresh.countDown(); // also when it failed before connecting
            // the host's connection is pooled now (or failed): the next request is a first again, which
            // costs nothing, and the map holds only hosts with a request in flight, not every host of the list
            hosts.remove(key, fresh);
          }
        }
      }
      if (gate.getCount() > 0) {
        try {
          gate.await(longestWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
      }
      return chain.proceed(chain.request());
    };
  }

  Interceptor network() {
    return chain -> {
      CountDownLatch gate = hosts.get(key(chain.request().url()));
      if (gate != null) {
        gate.countDown(); // connected: the others may go
      }
      return chain.proceed(chain.request());
    };
  }
}
