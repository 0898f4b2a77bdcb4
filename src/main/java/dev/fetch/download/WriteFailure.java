package dev.fetch.download;

import java.io.IOException;

/** A local write error: another attempt would not help, so it is never retried. */
final class WriteFailure extends IOException {
  WriteFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
