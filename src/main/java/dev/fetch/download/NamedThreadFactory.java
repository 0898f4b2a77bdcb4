package dev.fetch.download;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads named {@code prefix-N}, so that a thread dump says what each one is for. */
final class NamedThreadFactory implements ThreadFactory {
  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger count = new AtomicInteger();

  NamedThreadFactory(String prefix, boolean daemon) {
    this.prefix = prefix;
    this.daemon = daemon;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(daemon);
    return t;
  }
}
