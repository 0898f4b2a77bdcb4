package dev.fetch.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.fetch.download.DownloadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How a result becomes one line of stdout. */
public enum ResultFormat {
  /**
   * {@code status<TAB>http<TAB>bytes<TAB>seconds<TAB>path-or-reason<TAB>url}: fields never hold a
   * tab or newline, so {@code cut -f} and {@code awk -F'\t'} split it; {@code -} marks "none".
   */
  TEXT {
    @Override
    public String render(DownloadResult r) {
      return text(r);
    }
  },
  /** --sha256: {@link #TEXT} and then the file's SHA-256 ({@code -} when none was computed). */
  TEXT_WITH_SHA256 {
    @Override
    public String render(DownloadResult r) {
      return text(r) + "\t" + (r.sha256() == null ? "-" : r.sha256());
    }
  },
  /** JSON Lines: url, file, status, http, bytes, ms, attempts, error, origin, protocol, width, height, sha256, refresh. */
  JSON_LINES {
    @Override
    public String render(DownloadResult r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", r.url());
      m.put("file", r.file() == null ? null : r.file().toString());
      m.put("status", r.status().label());
      m.put("http", r.http() == 0 ? null : r.http());
      m.put("bytes", r.bytes());
      m.put("ms", r.millis());
      m.put("attempts", r.attempts());
      m.put("error", r.error());
      m.put("origin", r.origin());
      m.put("protocol", r.protocol());
      // read from the image's header; null when it does not say (or the entry was not saved)
      m.put("width", r.width() > 0 ? r.width() : null);
      m.put("height", r.height() > 0 ? r.height() : null);
      m.put("sha256", r.sha256());
      m.put("refresh", r.refresh());
      try {
        return Json.WITH_NULLS.asString(m);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  public abstract String render(DownloadResult r);

  private static String text(DownloadResult r) {
    String where = r.failed() || r.file() == null
        ? (r.error() == null ? "-" : r.error() + (r.attempts() > 1 ? " (" + r.attempts() + " attempts)" : ""))
        : r.file().toString();
    return String.join("\t",
        r.status().label(),
        r.http() == 0 ? "-" : Integer.toString(r.http()),
        Long.toString(r.bytes()),
        String.format(Locale.ROOT, "%.2f", r.millis() / 1000.0),
        oneField(where),
        oneField(r.url()));
  }

  /** Loaded on the first JSON line only: a plain run never loads jackson-jr. */
  private static final class Json {
    /** jackson-jr drops null-valued keys by default; every JSON line keeps all its keys. */
    static final JSON WITH_NULLS = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
  }

  private static String oneField(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
