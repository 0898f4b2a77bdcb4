package dev.fetch.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * The file name a {@code Content-Disposition} response header proposes (RFC 6266), unsanitized:
 * {@code filename*=UTF-8''…} (RFC 5987, percent-decoded) wins over {@code filename="…"} or a bare
 * token. Any disposition type counts ({@code attachment} or {@code inline}), as in wget and curl.
 */
public final class ContentDisposition {
  private ContentDisposition() {}

  /** The proposed name, or null when the header is absent or names nothing usable. */
  public static String fileName(String header) {
    if (header == null) {
      return null;
    }
    String plain = null;
    String extended = null;
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int start = i + 1;
      int eq = header.indexOf('=', start);
      int semi = header.indexOf(';', start);
      if (eq < 0 || (semi >= 0 && semi < eq)) {
        i = semi; // a parameter without a value
        continue;
      }
      String name = header.substring(start, eq).strip().toLowerCase(Locale.ROOT);
      int v = skipSpaces(header, eq + 1);
      String value;
      if (v < header.length() && header.charAt(v) == '"') {
        StringBuilder sb = new StringBuilder();
        int j = v + 1;
        for (; j < header.length() && header.charAt(j) != '"'; j++) {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          sb.append(c);
        }
        value = sb.toString();
        i = header.indexOf(';', Math.min(j + 1, header.length()));
      } else {
        int end = semi < 0 ? header.length() : semi;
        value = header.substring(v, end).strip();
        i = semi;
      }
      if (name.equals("filename*") && extended == null) {
        extended = decodeExtended(value);
      } else if (name.equals("filename") && plain == null) {
        plain = value;
      }
    }
    String chosen = extended != null ? extended : plain;
    return chosen == null || chosen.isBlank() ? null : chosen;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** {@code charset'language'percent-encoded}, or null when malformed or in an unknown charset. */
  private static String decodeExtended(String value) {
    int q1 = value.indexOf('\'');
    int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
    if (q2 < 0) {
      return null;
    }
    Charset charset;
    try {
      charset = Charset.forName(value.substring(0, q1).strip());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
    String encoded = value.substring(q2 + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          return null;
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null; // RFC 5987 allows only ASCII here
      }
    }
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
