package dev.fetch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Credentials are cut from URLs the way OkHttp reads them, also when a password holds an '@'. */
class RedactorSafetyTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://user:secret@host/a.jpg            | http://host/a.jpg",
    "HTTPS://user:secret@host:8080/a.jpg      | HTTPS://host:8080/a.jpg",
    "http://user@host/a.jpg                   | http://host/a.jpg",
    "http://user:p@ss@w@host/a.jpg            | http://host/a.jpg",
    "http://user:p@ss@host?q=a@b              | http://host?q=a@b",
    "http://user:p@ss@host#frag@x             | http://host#frag@x",
    "http://host/path@x.jpg                   | http://host/path@x.jpg",
    "http://host/a.jpg?mail=x@y.z             | http://host/a.jpg?mail=x@y.z",
    "line 3: http://u:p@h/a and http://v:q@i/b | line 3: http://h/a and http://i/b",
    "mail me at someone@example.com           | mail me at someone@example.com",
  })
  void redactsUserInfo(String in, String expected) {
    assertEquals(expected, Redactor.redact(in));
  }
}
