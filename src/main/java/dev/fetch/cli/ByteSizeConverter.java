package dev.fetch.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes such as {@code 500}, {@code 64K}, {@code 10M}, {@code 1G} (powers of 1024; a trailing B is allowed). */
final class ByteSizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.endsWith("B") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("B")) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        default -> unit = 1;
      }
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
    try {
      double n = Double.parseDouble(digits);
      if (n < 0 || Double.isNaN(n) || n * unit > Long.MAX_VALUE / 2 || !digits.matches("[0-9.]+")) {
        throw new NumberFormatException();
      }
      return (long) (n * unit);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a size (e.g. 500K, 10M, 1G)");
    }
  }
}
