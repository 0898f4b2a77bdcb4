package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** -v's connection log: one line per new connection, with host, protocol and TLS version. */
class ConnectionLogTest {
  private final MockWebServer server = new MockWebServer();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectionLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level before;

  @AfterEach
  void stop() {
    server.close();
    logger.detachAppender(lines);
    logger.setLevel(before);
  }

  @Test
  void logsEachNewConnectionOnceWithHostProtocolAndTls() throws Exception {
    before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    server.start();
    HttpSettings h2c = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
        "test-agent", List.of(), ProxyRules.NONE, false, TlsTrust.PLATFORM, HttpVersion.H2_PRIOR_KNOWLEDGE);
    OkHttpClient client = HttpClients.withConnectionLog(HttpClients.create(h2c, 1));

    for (String path : List.of("/a", "/b")) {
      try (Response r = client.newCall(new Request.Builder().url(server.url(path)).build()).execute()) {
        r.body().string();
      }
    }

    assertEquals(1, lines.list.size(), "one connection, logged once: " + lines.list);
    String line = lines.list.get(0).getFormattedMessage();
    assertTrue(line.startsWith("new connection to " + server.getHostName() + ":" + server.getPort()), line);
    assertTrue(line.contains(": h2, no TLS"), line);
  }
}
