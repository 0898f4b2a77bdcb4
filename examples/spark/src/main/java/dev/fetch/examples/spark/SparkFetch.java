package dev.fetch.examples.spark;

import dev.fetch.FetchConfig;
import dev.fetch.Fetcher;
import dev.fetch.download.DownloadResult;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * fetch inside Spark: one {@link Fetcher} per partition of a list in fetch's own format ({@code URL [NAME]}
 * a line), every partition saving into one folder that all executors see.
 *
 * <pre>spark-submit --jars fetch-0.1.0-all.jar --class dev.fetch.examples.spark.SparkFetch \
 *     fetch-spark-example-0.1.0.jar hdfs:///lists/urls.txt /mnt/shared/images</pre>
 */
public final class SparkFetch {

  /** Entries downloaded and entries failed, over all partitions (entries already present are neither). */
  public record Counts(long ok, long failed) {}

  private SparkFetch() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SparkFetch LIST OUTPUT_DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("fetch").getOrCreate();
    Counts counts;
    try {
      counts = fetch(spark, args[0], args[1]);
    } finally {
      spark.stop();
    }
    System.out.println(counts.ok() + " downloaded, " + counts.failed() + " failed");
    System.exit(counts.failed() == 0 ? 0 : 1);
  }

  /** Downloads every entry of {@code list} (a file or a folder of files) into {@code outputDir}. */
  public static Counts fetch(SparkSession spark, String list, String outputDir) {
    LongAccumulator ok = spark.sparkContext().longAccumulator("downloaded");
    LongAccumulator failed = spark.sparkContext().longAccumulator("failed");
    Dataset<String> lines = spark.read().textFile(list);               // "URL [NAME]", as for fetch -f
    lines.foreachPartition((ForeachPartitionFunction<String>) partition -> {
      FetchConfig config = FetchConfig.builder().threads(16).outputDir(Path.of(outputDir)).build();
      LongAdder okHere = new LongAdder(), failedHere = new LongAdder(); // the callback runs on fetch's threads
      try (Fetcher fetcher = Fetcher.create(config)) {                  // creates and checks the folder
        fetcher.fetchLines(partition, r -> {                            // reads the partition lazily
          if (r.status() == DownloadResult.Status.OK) okHere.increment();
          if (r.failed()) {
            failedHere.increment();
            System.err.println(r.url() + ": " + r.error());
          }
        });
      }
      ok.add(okHere.sum());
      failed.add(failedHere.sum());
    });
    return new Counts(ok.value(), failed.value());
  }
}
