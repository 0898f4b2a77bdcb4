package dev.fetch.download;

import dev.fetch.http.ImageTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import okio.BufferedSource;

/** Which image a body or a file is, by its first bytes, and the final name that follows from it. */
final class ImageSniff {
  private ImageSniff() {}

  /** A body's first bytes, and the image format they show (null: none). */
  record Head(byte[] bytes, int length, String kind) {
    /** Why a body that is no image is refused. */
    String notAnImage(String contentType) {
      return "not an image: the body " + (length == 0 ? "is empty" : "looks like " + ImageTypes.describeNonImage(bytes, length))
          + " (" + (contentType == null ? "no Content-Type" : "Content-Type said " + contentType) + ")";
    }
  }

  /** Looks at a body's first bytes without taking them from it. */
  static Head peek(BufferedSource source) throws IOException {
    source.request(ImageTypes.SNIFF_BYTES);
    int n = (int) Math.min(source.getBuffer().size(), ImageTypes.SNIFF_BYTES);
    byte[] head = source.peek().readByteArray(n);
    return new Head(head, n, ImageTypes.sniff(head, n));
  }

  /** The image format a file's first bytes show, or null. */
  static String ofFile(Path file) {
    ByteBuffer head = ByteBuffer.allocate(ImageTypes.SNIFF_BYTES);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (head.hasRemaining() && in.read(head) >= 0) {
        // read on: the file may give its head in pieces
      }
    } catch (IOException e) {
      return null;
    }
    return ImageTypes.sniff(head.array(), head.position());
  }

  /** The final name: the target's, with the extension of the Content-Type, else of the sniffed format, if it needs one. */
  static String finalName(TargetNamer.Target naming, String contentType, String sniffed) {
    if (!naming.needsExtension()) {
      return naming.name();
    }
    String ext = ImageTypes.extensionFor(contentType);
    if (ext == null) {
      ext = sniffed;
    }
    return ext == null ? naming.name() : TargetNamer.withExtension(naming, ext);
  }
}
