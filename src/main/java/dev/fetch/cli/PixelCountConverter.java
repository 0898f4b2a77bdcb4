package dev.fetch.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Pixel counts such as {@code 250000}, {@code 100M} or {@code 2.5M} (M: millions, megapixels). */
final class PixelCountConverter implements ITypeConverter<Long> {
  private static final long MEGA = 1_000_000;

  @Override
  public Long convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    boolean mega = v.endsWith("M");
    String digits = mega ? v.substring(0, v.length() - 1) : v;
    if (!digits.matches(mega ? "[0-9]+(\\.[0-9]+)?" : "[0-9]+") || digits.length() > 12) {
      throw new TypeConversionException("'" + value + "' is not a pixel count (e.g. 250000, 100M)");
    }
    return mega ? (long) (Double.parseDouble(digits) * MEGA) : Long.parseLong(digits);
  }
}
