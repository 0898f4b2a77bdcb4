package dev.fetch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
  private final ByteSizeConverter converter = new ByteSizeConverter();

  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "500, 500",
      "500B, 500",
      "500b, 500",
      "64K, 65536",
      "64k, 65536",
      "64KB, 65536",
      "64kb, 65536",
      "10M, 10485760",
      "10MB, 10485760",
      "1G, 1073741824",
      "1GB, 1073741824",
      "1.5K, 1536",
      "0.5M, 524288",
      "' 2K ', 2048",
  })
  void parsesSizesInPowersOf1024(String text, long bytes) {
    assertEquals(bytes, converter.convert(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "K", "KB", "B", "-1", "-1K", "abc", "1T", "1e3", "NaN",
      "Infinity", "1..2", ".", "10 M", "0x10", "99999999999G"})
  void rejectsWhatIsNotASizeWithAMessageNamingTheValue(String text) {
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("not a size"), e.getMessage());
  }
}
