package dev.fetch.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a raw socket, for the faults WireMock cannot make: bodies cut short
 * after a declared Content-Length, hand-made chunked bodies, resets in the middle of a body, and
 * thousands of keep-alive requests. Binds 127.0.0.1 only. One thread per connection.
 */
public final class RawHttpServer implements AutoCloseable {

  /** One parsed request. Header names are lower case. */
  public record Request(String method, String target, Map<String, String> headers, long nanos) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path without the query. */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
  }

  @FunctionalInterface
  public interface Handler {
    void handle(Request request, Exchange exchange) throws IOException, InterruptedException;
  }

  /** How a handler answers: a whole response, or raw bytes and then a close or a reset. */
  public static final class Exchange {
    private final Socket socket;
    private final OutputStream out;
    private boolean closed;

    Exchange(Socket socket, OutputStream out) {
      this.socket = socket;
      this.out = out;
    }

    /** A complete response with Content-Length; the connection stays open for the next request. */
    public void respond(int code, Map<String, String> headers, byte[] body) throws IOException {
      StringBuilder sb = new StringBuilder();
      sb.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
      headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
      sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }

    /** Status line and headers only (the caller writes the body, or not). */
    public void head(int code, Map<String, String> headers) throws IOException {
      StringBuilder sb = new StringBuilder();
      sb.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
      headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
      sb.append("\r\n");
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      out.flush();
    }

    /** One chunk of a chunked body; an empty array ends the body. */
    public void chunk(byte[] bytes, int offset, int length) throws IOException {
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes, offset, length);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    public void endChunks() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** Closes the connection normally (FIN) after what was written. */
    public void close() throws IOException {
      closed = true;
      out.flush();
      socket.close();
    }

    /** Closes the connection with a TCP reset (RST). */
    public void reset() throws IOException {
      closed = true;
      socket.setSoLinger(true, 0);
      socket.close();
    }

    boolean closed() {
      return closed;
    }
  }

  private final ServerSocket server;
  private final Handler handler;
  private final ExecutorService pool;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private volatile boolean closing;

  public RawHttpServer(Handler handler) throws IOException {
    this.handler = handler;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "raw-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Every request seen so far, in arrival order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<Request> requests(String path) {
    return requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  public int connectionsAccepted() {
    return connections.get();
  }

  public int openConnections() {
    return openConnections.get();
  }

  private void acceptLoop() {
    while (!closing) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        connections.incrementAndGet();
        openConnections.incrementAndGet();
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        if (!closing) {
          e.printStackTrace();
        }
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (!closing) {
        Request r = readRequest(in);
        if (r == null) {
          return;
        }
        requests.add(r);
        Exchange ex = new Exchange(s, out);
        handler.handle(r, ex);
        if (ex.closed()) {
          return;
        }
      }
    } catch (SocketException e) {
      // the client went away (or we reset): fine
    } catch (IOException e) {
      // likewise
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sockets.remove(s);
      openConnections.decrementAndGet();
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    while (line != null && line.isEmpty()) {
      line = readLine(in);
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = readLine(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
    }
    return new Request(parts[0], parts.length > 1 ? parts[1] : "/", headers, System.nanoTime());
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 206 -> "Partial Content";
      case 404 -> "Not Found";
      case 416 -> "Range Not Satisfiable";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  @Override
  public void close() {
    closing = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
