#!/bin/sh
# fetch launcher: this script with the fetch jar appended to it, one executable file.
# Runs with $JAVA_HOME/bin/java if set, else the first java on PATH (Java 17 or newer).
# FETCH_JAVA_OPTS adds JVM options (e.g. FETCH_JAVA_OPTS=-Xmx64m).
self="$0"
case "$self" in
  */*) ;;
  *) self=$(command -v -- "$self") ;;
esac
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java=java
else
  echo "fetch: no Java found: install Java 17 or newer, or set JAVA_HOME" >&2
  exit 2
fi
# Serial GC and a short client-style warm-up suit a short-lived, I/O-bound command.
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto $FETCH_JAVA_OPTS -jar "$self" "$@"
exit 2
