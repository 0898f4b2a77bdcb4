package dev.fetch.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates a run trusts: the platform's store, the PEM certificates of a file
 * (curl's --cacert, OpenSSL's SSL_CERT_FILE), or none at all (curl's -k). A file is read and checked
 * when this is made, so that a bad one is a usage error before any request; the SSL context itself
 * is still made lazily, on the first https connection (see {@link LazyTls}).
 */
public final class TlsTrust {
  /** The JDK's default trust store and checks. */
  public static final TlsTrust PLATFORM = new TlsTrust(LazyTls.PLATFORM, true);

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile(BEGIN + "(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

  private final LazyTls tls;
  private final boolean checked;

  private TlsTrust(LazyTls tls, boolean checked) {
    this.tls = tls;
    this.checked = checked;
  }

  /** No check of the certificate chain nor of the host name. */
  public static TlsTrust insecure() {
    return new TlsTrust(new LazyTls(() -> AcceptAll.INSTANCE), false);
  }

  /**
   * Trusts the PEM certificates in {@code file}, and only those. The file is read and checked for a
   * PEM certificate now; on the first https connection the certificates are indexed, and decoded only
   * when a server's chain names them (a system bundle of 150 took 150-300 ms to decode in full).
   *
   * @throws IllegalArgumentException why the file cannot be used, in a few words ("no such file")
   */
  public static TlsTrust pemFile(Path file) {
    String pem = readPem(file);
    return new TlsTrust(new LazyTls(() -> trustOf(file, pem)), true);
  }

  /** Whether certificates and host names are checked (false only for {@link #insecure()}). */
  public boolean isChecked() {
    return checked;
  }

  SSLSocketFactory socketFactory() {
    return tls.socketFactory();
  }

  X509TrustManager trustManager() {
    return tls.trustManager();
  }

  /** Starts the set-up in the background: an https URL is coming. */
  void prewarm() {
    tls.prewarm();
  }

  private static String readPem(Path file) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException("is a folder, not a file");
      }
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e.getMessage());
    }
    if (!text.contains(BEGIN)) {
      throw new IllegalArgumentException("holds no PEM certificate (" + BEGIN + ")");
    }
    return text;
  }

  /** The DER certificates of the PEM text, in order; each one's subject is read on first use (see {@link PemTrust}). */
  private static PemTrust trustOf(Path file, String pem) throws CertificateException {
    List<byte[]> certificates = new ArrayList<>();
    Matcher m = PEM_CERTIFICATE.matcher(pem);
    for (int n = 1; m.find(); n++) {
      try {
        certificates.add(Base64.getMimeDecoder().decode(m.group(1)));
      } catch (IllegalArgumentException e) {
        throw new CertificateException(file + ": certificate " + n + " cannot be read", e);
      }
    }
    return new PemTrust(file, certificates);
  }

  /** Trusts every chain (-k). */
  private enum AcceptAll implements X509TrustManager {
    INSTANCE;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
