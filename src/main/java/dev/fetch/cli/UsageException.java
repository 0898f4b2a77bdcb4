package dev.fetch.cli;

/** A usage or setup error; its message is the one line the user sees. Exit code 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
