package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** A PEM bundle's trust, decoding only the certificates a chain names, answers as the whole bundle does. */
class PemTrustTest {
  static final Path FILE = Path.of("bundle.pem");
  static final HeldCertificate ROOT = ca("Root CA", null);
  static final HeldCertificate INTERMEDIATE = ca("Intermediate CA", ROOT);
  static final HeldCertificate OTHER_ROOT = ca("Other Root", null);
  static final HeldCertificate STRANGER = ca("Stranger CA", null);

  static HeldCertificate ca(String name, HeldCertificate signer) {
    HeldCertificate.Builder b = new HeldCertificate.Builder().certificateAuthority(1).commonName(name);
    return (signer == null ? b : b.signedBy(signer)).build();
  }

  static X509Certificate leaf(HeldCertificate signer) {
    return new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
        .signedBy(signer).build().certificate();
  }

  static List<byte[]> der(HeldCertificate... certificates) throws Exception {
    List<byte[]> all = new ArrayList<>();
    for (HeldCertificate c : certificates) {
      all.add(c.certificate().getEncoded().clone());
    }
    return all;
  }

  /** The JDK's answer over every certificate of the bundle: null if trusted, else its message. */
  static String whole(List<byte[]> bundle, X509Certificate[] chain) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int n = 0;
    for (byte[] d : bundle) {
      store.setCertificateEntry("c" + n++, java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(d)));
    }
    return answer(LazyTls.trustManagerOf(store), chain);
  }

  static String answer(X509TrustManager tm, X509Certificate[] chain) {
    try {
      tm.checkServerTrusted(chain, "ECDHE_ECDSA");
      return null;
    } catch (CertificateException e) {
      return e.getMessage();
    }
  }

  @Test
  void answersEveryChainAsTheWholeBundleDoes() throws Exception {
    List<byte[]> bundle = der(OTHER_ROOT, ROOT, STRANGER);
    X509Certificate viaIntermediate = leaf(INTERMEDIATE);
    X509Certificate selfSigned = ca("Self", null).certificate();
    List<X509Certificate[]> chains = List.of(
        new X509Certificate[] {leaf(ROOT)},
        new X509Certificate[] {viaIntermediate, INTERMEDIATE.certificate()},
        new X509Certificate[] {viaIntermediate, INTERMEDIATE.certificate(), ROOT.certificate()},
        new X509Certificate[] {viaIntermediate}, // the intermediate missing: refused
        new X509Certificate[] {leaf(ca("Unknown CA", null))},
        new X509Certificate[] {selfSigned});
    PemTrust trust = new PemTrust(FILE, bundle);
    for (X509Certificate[] chain : chains) {
      assertEquals(whole(bundle, chain), answer(trust, chain), Arrays.toString(chain));
    }
    assertEquals(null, answer(trust, chains.get(1)), "a chain to a root of the bundle is trusted");
    assertTrue(answer(trust, chains.get(4)).contains("unable to find valid certification path"),
        "the JDK's own refusal: " + answer(trust, chains.get(4)));
  }

  @Test
  void certificatesNoChainNamesAreNeverDecoded() throws Exception {
    // a certificate whose subject reads but whose rest is cut off: decoding it in full fails
    byte[] whole = STRANGER.certificate().getEncoded();
    byte[] cut = Arrays.copyOf(whole, whole.length - 40);
    List<byte[]> bundle = List.of(cut, ROOT.certificate().getEncoded());

    assertEquals(null, answer(new PemTrust(FILE, bundle), new X509Certificate[] {leaf(ROOT)}));
  }

  @Test
  void aCertificateWhoseSubjectCannotBeReadIsNamed() throws Exception {
    List<byte[]> bundle = List.of(ROOT.certificate().getEncoded(), "not a certificate".getBytes());

    CertificateException e = assertThrows(CertificateException.class, () -> new PemTrust(FILE, bundle));
    assertEquals(FILE + ": certificate 2 cannot be read", e.getMessage());
  }

  @Test
  void subjectIsTheDerOfTheSubjectName() throws Exception {
    X509Certificate c = INTERMEDIATE.certificate();
    assertArrayEquals(c.getSubjectX500Principal().getEncoded(), PemTrust.subjectOf(c.getEncoded()));
  }
}
