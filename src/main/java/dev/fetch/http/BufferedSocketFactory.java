package dev.fetch.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Plain sockets whose input is read from the kernel in pieces of up to {@link #READ_BUFFER} bytes.
 * OkHttp's I/O library asks for 8 KB at a time, one system call each; a 64 MB body is then 8 000
 * reads. With this buffer it is a few hundred. A read takes at most one piece from the kernel: the
 * JDK's buffered stream would also ask how much is waiting (an ioctl) after each one.
 */
final class BufferedSocketFactory extends SocketFactory {
  static final int READ_BUFFER = 128 * 1024;

  @Override
  public Socket createSocket() {
    return new BufferedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = new BufferedSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    Socket s = new BufferedSocket();
    s.bind(new InetSocketAddress(localHost, localPort));
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = new BufferedSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = new BufferedSocket();
    s.bind(new InetSocketAddress(localAddress, localPort));
    s.connect(new InetSocketAddress(address, port));
    return s;
  }

  private static final class BufferedSocket extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new OneReadInputStream(super.getInputStream(), READ_BUFFER);
      }
      return in;
    }
  }

  /** A buffered stream whose reads each make at most one read of the stream below, and nothing else. */
  static final class OneReadInputStream extends BufferedInputStream {
    OneReadInputStream(InputStream in, int size) {
      super(in, size);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (markpos >= 0) {
        return super.read(b, off, len); // never so for sockets OkHttp reads; kept correct all the same
      }
      if (len == 0) {
        return 0;
      }
      InputStream input = in;
      if (input == null) {
        throw new IOException("Stream closed");
      }
      if (pos >= count) {
        if (len >= buf.length) {
          return input.read(b, off, len);
        }
        pos = 0;
        count = 0;
        int n = input.read(buf, 0, buf.length);
        if (n <= 0) {
          return n;
        }
        count = n;
      }
      int taken = Math.min(count - pos, len);
      System.arraycopy(buf, pos, b, off, taken);
      pos += taken;
      return taken;
    }
  }
}
