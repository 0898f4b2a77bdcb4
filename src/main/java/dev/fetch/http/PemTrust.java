package dev.fetch.http;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Trust in the certificates of a PEM bundle (--cacert, SSL_CERT_FILE), decoding only those a server's
 * chain can end at. Decoding a system bundle in full (about 150 certificates) took 150-300 ms of CPU
 * before the first https request; here each certificate is only indexed by its subject name, and a
 * chain is checked by the JDK's own PKIX trust manager over the certificates whose subject is the
 * subject or issuer of a certificate in the chain: every anchor a path from that chain can end at, and
 * every trusted certificate it can contain, so the answer is the one the whole bundle gives.
 */
final class PemTrust extends X509ExtendedTrustManager {
  private final Path file;
  private final List<byte[]> certificates;
  private final Map<X500Principal, List<Integer>> bySubject = new HashMap<>();
  private final X509Certificate[] decoded;
  private final Map<BitSet, X509ExtendedTrustManager> checkers = new HashMap<>();

  /**
   * Indexes the DER certificates of {@code file} by subject.
   *
   * @throws CertificateException naming the certificate (1-based) whose subject cannot be read
   */
  PemTrust(Path file, List<byte[]> certificates) throws CertificateException {
    if (certificates.isEmpty()) {
      throw new CertificateException(file + ": no complete PEM certificate");
    }
    this.file = file;
    this.certificates = certificates;
    this.decoded = new X509Certificate[certificates.size()];
    for (int i = 0; i < certificates.size(); i++) {
      X500Principal subject;
      try {
        subject = new X500Principal(subjectOf(certificates.get(i)));
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        throw new CertificateException(file + ": certificate " + (i + 1) + " cannot be read", e);
      }
      bySubject.computeIfAbsent(subject, s -> new ArrayList<>(1)).add(i);
    }
  }

  /** The DER bytes of a DER certificate's subject name (RFC 5280, 4.1). */
  static byte[] subjectOf(byte[] der) {
    int[] at = {0};
    enter(der, at); // Certificate
    enter(der, at); // TBSCertificate
    if ((der[at[0]] & 0xFF) == 0xA0) {
      skip(der, at); // [0] version
    }
    for (int field = 0; field < 4; field++) {
      skip(der, at); // serialNumber, signature, issuer, validity
    }
    int start = at[0];
    if (der[start] != 0x30) {
      throw new IllegalArgumentException("no subject name");
    }
    skip(der, at);
    return Arrays.copyOfRange(der, start, at[0]);
  }

  /** Moves past the tag and length of the SEQUENCE at {@code at}. */
  private static void enter(byte[] der, int[] at) {
    if (der[at[0]] != 0x30) {
      throw new IllegalArgumentException("not a DER certificate");
    }
    at[0]++;
    at[0] = contentStart(der, at);
  }

  /** Moves past the whole element at {@code at}. */
  private static void skip(byte[] der, int[] at) {
    at[0]++;
    int length = length(der, at[0]);
    at[0] = contentStart(der, at) + length;
    if (at[0] > der.length || length < 0) {
      throw new IllegalArgumentException("truncated");
    }
  }

  private static int contentStart(byte[] der, int[] at) {
    int b = der[at[0]] & 0xFF;
    return at[0] + 1 + (b < 0x80 ? 0 : b & 0x7F);
  }

  private static int length(byte[] der, int at) {
    int b = der[at] & 0xFF;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7F;
    if (n == 0 || n > 3) {
      throw new IllegalArgumentException("bad length");
    }
    int length = 0;
    for (int i = 1; i <= n; i++) {
      length = (length << 8) | (der[at + i] & 0xFF);
    }
    return length;
  }

  /** The JDK's trust manager over the certificates that can matter to {@code chain}. */
  private X509ExtendedTrustManager checkerFor(X509Certificate[] chain) throws CertificateException {
    BitSet wanted = new BitSet(certificates.size());
    for (X509Certificate c : chain) {
      for (X500Principal name : List.of(c.getSubjectX500Principal(), c.getIssuerX500Principal())) {
        bySubject.getOrDefault(name, List.of()).forEach(wanted::set);
      }
    }
    if (wanted.isEmpty()) {
      wanted.set(0); // none can anchor this chain: one that cannot either, for the JDK's own refusal
    }
    synchronized (this) {
      X509ExtendedTrustManager checker = checkers.get(wanted);
      if (checker == null) {
        try {
          KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
          store.load(null, null);
          for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
            store.setCertificateEntry("ca-" + (i + 1), decoded(i));
          }
          checker = (X509ExtendedTrustManager) LazyTls.trustManagerOf(store);
        } catch (GeneralSecurityException | java.io.IOException e) {
          throw new CertificateException(file + ": " + e.getMessage(), e);
        }
        checkers.put(wanted, checker);
      }
      return checker;
    }
  }

  private X509Certificate decoded(int i) throws CertificateException {
    if (decoded[i] == null) {
      try {
        decoded[i] = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(certificates.get(i)));
      } catch (CertificateException e) {
        throw new CertificateException(file + ": certificate " + (i + 1) + " cannot be read", e);
      }
    }
    return decoded[i];
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkerFor(chain).checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkerFor(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkerFor(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkerFor(chain).checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkerFor(chain).checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkerFor(chain).checkClientTrusted(chain, authType, engine);
  }

  /** Every certificate of the bundle (decodes them all; a client's TLS never asks). */
  @Override
  public synchronized X509Certificate[] getAcceptedIssuers() {
    List<X509Certificate> all = new ArrayList<>();
    for (int i = 0; i < certificates.size(); i++) {
      try {
        all.add(decoded(i));
      } catch (CertificateException e) {
        // not one a chain can be checked against either
      }
    }
    return all.toArray(X509Certificate[]::new);
  }
}
