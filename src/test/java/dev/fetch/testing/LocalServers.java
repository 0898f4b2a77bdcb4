package dev.fetch.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** The WireMock servers tests register: loopback, a free port, quiet. */
public final class LocalServers {
  /** Enough for the widest concurrency any test drives (-t up to 32, plus the server's own). */
  private static final int SERVER_THREADS = 50;

  private LocalServers() {}

  /** A plain HTTP server; {@code extensions} see or shape every request (probes, logs, transformers). */
  public static WireMockExtension wireMock(Extension... extensions) {
    return build(config().extensions(extensions));
  }

  /** The same, with an HTTPS port (self-signed certificate) beside the HTTP one. */
  public static WireMockExtension wireMockWithHttps() {
    return build(config().dynamicHttpsPort());
  }

  /** 200 with Content-Type image/jpeg and {@code body}: what most stubs answer. */
  public static ResponseDefinitionBuilder jpegResponse(byte[] body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(body);
  }

  private static WireMockConfiguration config() {
    // One acceptor: Jetty warns "Acceptors should be <= availableProcessors" on small machines.
    return wireMockConfig()
        .dynamicPort()
        .jettyAcceptors(1)
        .containerThreads(SERVER_THREADS)
        .notifier(new ConsoleNotifier(false));
  }

  private static WireMockExtension build(WireMockConfiguration config) {
    return WireMockExtension.newInstance().options(config).build();
  }
}
