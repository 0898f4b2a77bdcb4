package dev.fetch.report;

import dev.fetch.download.DownloadResult;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each result as a log line (for --log-file): the same fields as the text result line. */
public final class ResultLog implements Consumer<DownloadResult> {
  private static final Logger log = LoggerFactory.getLogger("dev.fetch.results");

  @Override
  public void accept(DownloadResult r) {
    log.info(ResultFormat.TEXT.render(r));
  }

  public static void info(String message) {
    log.info(message);
  }
}
