package dev.fetch.cli;

import dev.fetch.http.RequestHeader;
import picocli.CommandLine.ITypeConverter;

/** -H 'Name: value'. Whether name and value are valid in a request is checked with the config. */
final class HeaderConverter implements ITypeConverter<RequestHeader> {
  @Override
  public RequestHeader convert(String line) throws UsageException {
    RequestHeader header = RequestHeader.parse(line);
    if (header == null) {
      throw new UsageException("--header must be 'Name: value', got '" + line + "'");
    }
    return header;
  }
}
