package dev.fetch.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What kind of image a response is: from its Content-Type, and from its first bytes. */
public final class ImageTypes {
  /** How many leading bytes {@link #sniff} wants to see. */
  public static final int SNIFF_BYTES = 512;

  private ImageTypes() {}

  /** The file extension for an image Content-Type, or null for anything else. */
  public static String extensionFor(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    switch (mime) {
      case "image/jpeg": case "image/jpg": case "image/pjpeg": return "jpg";
      case "image/png": case "image/apng": return "png";
      case "image/gif": return "gif";
      case "image/webp": return "webp";
      case "image/avif": return "avif";
      case "image/heic": case "image/heif": return "heic";
      case "image/svg+xml": return "svg";
      case "image/bmp": case "image/x-bmp": case "image/x-ms-bmp": return "bmp";
      case "image/tiff": return "tiff";
      case "image/x-icon": case "image/vnd.microsoft.icon": return "ico";
      default: return null;
    }
  }

  /** Extensions a file saved from an extension-less URL may have been given. */
  public static final String[] EXTENSIONS = {
    "jpg", "png", "gif", "webp", "avif", "heic", "svg", "bmp", "tiff", "ico"
  };

  /**
   * The image format the leading bytes show (an extension such as "png"), or null when they are not
   * an image we know.
   */
  public static String sniff(byte[] b, int n) {
    if (n >= 3 && u(b[0]) == 0xFF && u(b[1]) == 0xD8 && u(b[2]) == 0xFF) return "jpg";
    if (n >= 8 && u(b[0]) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "png";
    if (n >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return "gif";
    if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "webp";
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') return "bmp";
    if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
        || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) return "tiff";
    if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] == 1 || b[2] == 2) && b[3] == 0) return "ico";
    if (n >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      if (brand.startsWith("avi")) return "avif";
      if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) return "heic";
    }
    if (looksLikeSvg(b, n)) return "svg";
    return null;
  }

  /**
   * What a body that is not an image looks like, for messages: "HTML", "JSON", "XML", "text",
   * "empty" or "binary data of an unknown kind".
   */
  public static String describeNonImage(byte[] b, int n) {
    if (n <= 0) {
      return "empty";
    }
    String head = new String(b, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int i = head.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0; // UTF-8 byte order mark
    while (i < head.length() && Character.isWhitespace(head.charAt(i))) i++;
    String t = head.substring(i);
    if (t.startsWith("<!doctype html") || t.startsWith("<html") || t.startsWith("<head")
        || t.startsWith("<body") || t.startsWith("<!--") && t.contains("<html")) {
      return "HTML";
    }
    if (t.startsWith("<?xml") || t.startsWith("<")) {
      return t.contains("<html") ? "HTML" : "XML";
    }
    if (t.startsWith("{") || t.startsWith("[")) {
      return "JSON";
    }
    for (int k = 0; k < n; k++) {
      int c = u(b[k]);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
        return "binary data of an unknown kind";
      }
    }
    return "text";
  }

  private static boolean looksLikeSvg(byte[] b, int n) {
    String head = new String(b, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int i = 0;
    if (head.startsWith("\u00ef\u00bb\u00bf")) i = 3; // UTF-8 byte order mark
    while (i < head.length() && Character.isWhitespace(head.charAt(i))) i++;
    head = head.substring(i);
    if (!head.startsWith("<")) {
      return false;
    }
    return head.contains("<svg") && !head.contains("<html");
  }

  private static int u(byte x) {
    return x & 0xff;
  }
}
