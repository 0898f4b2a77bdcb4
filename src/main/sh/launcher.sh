#!/bin/sh
# fetch launcher: this script with the fetch jar appended to it, one executable file.
# Runs with $JAVA_HOME/bin/java if set, else the first java on PATH (Java 17 or newer).
#   FETCH_JAVA_OPTS  extra JVM options, e.g. FETCH_JAVA_OPTS=-Xmx64m
#   FETCH_CACHE=off  no start-up cache (see below)
#   FETCH_CACHE=build  make the start-up cache now, in the foreground, print its path and exit
#                    (0 once it is there, 1 if it cannot be made), e.g. in a container image's build
self=$0
case $self in */*) ;; *) self=$(command -v -- "$self") ;; esac
build=@BUILD_ID@   # a hash of the appended jar, written in by the build

if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
elif command -v java >/dev/null 2>&1; then
  java=$(command -v java)
else
  echo "fetch: no Java found: install Java 17 or newer, or set JAVA_HOME" >&2
  exit 2
fi

# The compilers. C1 alone suits a short run of small files, but HTTPS bytes are decrypted fast only
# by C2's AES-GCM intrinsics (measured, 8 x 64 MB over HTTPS: 16 s of CPU with C1 alone, 4 s with
# C2; SHA-2 too has C2-only intrinsics). So C2 compiles the JDK's cipher and digest providers only:
# a compiler directives file in the cache folder keeps every other method from C2, and lower tier-4
# thresholds move those on from C1's profiling code to its plain code sooner (and the crypto methods
# to C2). The training run below uses the same flags: on JDK 25 the AOT cache keeps the compile
# levels it saw, and a training under C1 alone kept the digest code at C1 in every later run. Without that folder
# (FETCH_CACHE=off) the JVM's own tiered policy runs. Diagnostic options only to read the directives
# file; the JVM's note on it ("2 compiler directives added") would go to stdout: it is muted.
jit=
if [ "${FETCH_CACHE:-on}" != off ] && [ -n "${HOME:-}${XDG_CACHE_HOME:-}" ]; then
  directives='[{match:["com/sun/crypto/provider/*.*","sun/security/provider/*.*"],c2:{Exclude:false}},{match:"*.*",c2:{Exclude:true}}]'
  jit=${XDG_CACHE_HOME:-$HOME/.cache}/fetch/c2-crypto-1.json
  line=
  [ -f "$jit" ] && IFS= read -r line 2>/dev/null < "$jit"
  if [ "$line" != "$directives" ]; then   # missing or not ours: written afresh, or not used
    { mkdir -p "${jit%/*}" && printf '%s\n' "$directives" > "$jit.$$" && mv -f "$jit.$$" "$jit"; } 2>/dev/null ||
      { rm -f "$jit.$$" 2>/dev/null; jit=; }
  fi
fi

# Start-up cache. A JVM start costs a few hundred milliseconds, mostly loading classes. On a JDK
# that supports it we keep a class archive per launcher and JDK under ~/.cache/fetch: the AOT cache
# on JDK 25+, AppCDS on JDK 17-24. It is made once, by a training run (dev.fetch.cli.Warmup, a few
# downloads from loopback) in the background, and installed by an atomic rename only when complete;
# until then, and whenever anything about it is off, fetch simply runs without it.
cache=
if [ "${FETCH_CACHE:-on}" != off ] && [ -n "${HOME:-}${XDG_CACHE_HOME:-}" ]; then
  # One archive per launcher file however it is called (./fetch, a relative path, a symlink): the key
  # and the JVM's class path use its absolute path with symlinks resolved, which the JVM records in
  # the archive. Its size and mtime, which the JVM checks too, and the build id stand for its contents.
  if [ -L "$self" ]; then
    real=$(readlink -f -- "$self" 2>/dev/null)
    if [ -z "$real" ]; then   # no readlink -f (older macOS): follow the links one by one
      real=$self n=0
      while [ -L "$real" ] && [ $n -lt 40 ] && link=$(readlink -- "$real"); do
        case $link in /*) real=$link ;; *) real=${real%/*}/$link ;; esac
        n=$((n + 1))
      done
    fi
    self=$real
  fi
  real=$(cd -P -- "${self%/*}/" 2>/dev/null && pwd) && self=${real%/}/${self##*/}
  jhome=$(cd -- "${java%/*}/.." 2>/dev/null && pwd -P)
  [ -L "$java" ] && real=$(readlink -f -- "$java" 2>/dev/null) && [ -n "$real" ] && jhome=${real%/*/*}
  # the feature version from JAVA_VERSION="25.0.3" in the JDK's release file (read here: a sed is a fork)
  feature=
  if [ -r "$jhome/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"[0-9]*) feature=${line#JAVA_VERSION=\"}; feature=${feature%%[!0-9]*}; break ;;
      esac
    done < "$jhome/release"
  fi
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/fetch
  stamp=$(stat -c '%s %Y' "$self" 2>/dev/null || stat -f '%z %m' "$self" 2>/dev/null)
  key=$(printf '%s|%s|%s|%s' "$self" "$stamp" "$build" "$jhome" | cksum)
  key=${key%% *}
  if [ -n "$feature" ] && [ "$feature" -ge 17 ] 2>/dev/null && { [ -d "$dir" ] || mkdir -p "$dir" 2>/dev/null; }; then
    if [ "$feature" -ge 25 ]; then
      archive=$dir/fetch-$key.aot use=-XX:AOTCache= make=-XX:AOTCacheOutput=
    else
      archive=$dir/fetch-$key.jsa use=-XX:SharedArchiveFile= make=-XX:ArchiveClassesAtExit=
    fi
    # $1 java, $2 the option that makes the archive, $3 temporary file, $4 launcher, $5 archive, $6 dir
    # $7 the compiler directives file, or empty: the run's own compiler flags (see above)
    # -Xbatch: each method waits for its compile, so the compile levels the JDK 25 cache records (and
    # every later run replays) do not depend on how busy the machine was during the training. Trained
    # four at once on 2 cores without it, 3 caches in 12 left bulk HTTPS a third slower (8 x 64 MB:
    # 2.9-4.0 s against 2.0-2.4 s); with it 8 in 8 were fast.
    train='"$1" -Xlog:disable -Xlog:all=error:stderr -XX:+UseSerialGC -Xbatch \
          ${7:+-XX:+UnlockDiagnosticVMOptions} ${7:+-XX:-DisplayVMOutput} ${7:+"-XX:CompilerDirectivesFile=$7"} \
          ${7:+-XX:Tier4InvocationThreshold=1000} ${7:+-XX:Tier4MinInvocationThreshold=200} \
          ${7:+-XX:Tier4CompileThreshold=2000} ${7:+-XX:Tier4BackEdgeThreshold=10000} \
          "$2$3" -cp "$4" dev.fetch.cli.Warmup && [ -s "$3" ] && mv -f "$3" "$5"
        rm -f "$3" "$3.config"; rmdir "$5.lock"
        ls -t "$6"/fetch-*.jsa "$6"/fetch-*.aot 2>/dev/null | tail -n +5 | while read -r old; do rm -f "$old"; done'
    if [ "$FETCH_CACHE" = build ]; then
      # errors on stderr, less the JDK 25 notice about the options it hands its assembly step
      [ -f "$archive" ] || { mkdir "$archive.lock" 2>/dev/null && { sh -c "$train" sh "$java" "$make" \
        "$archive.$$" "$self" "$archive" "$dir" "$jit" </dev/null 2>&1 >/dev/null | grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2; }; }
      [ -f "$archive" ] && echo "$archive" && exit 0
    elif [ -f "$archive" ]; then
      cache=$use$archive
    elif mkdir "$archive.lock" 2>/dev/null; then
      # in a session of its own where possible, so that it outlives a process-group kill of this run;
      # only the four newest archives are kept (older launchers and JDKs leave theirs behind)
      detach=
      command -v setsid >/dev/null 2>&1 && detach=setsid
      $detach sh -c "$train" sh "$java" "$make" "$archive.$$" "$self" "$archive" "$dir" "$jit" </dev/null >/dev/null 2>&1 &
    elif [ -n "$(find "$archive.lock" -prune -mmin +10 2>/dev/null)" ]; then
      rmdir "$archive.lock" 2>/dev/null   # left by a training run that was killed
    fi
  fi
fi
if [ "${FETCH_CACHE:-}" = build ]; then
  echo "fetch: FETCH_CACHE=build: could not make the start-up cache (needs Java 17+, HOME or XDG_CACHE_HOME, a writable cache folder, no training run in progress)" >&2
  exit 1
fi

# The young generation, where nearly all of fetch's garbage dies (a file's buffers, headers and
# results): the JVM sizes it from the machine's memory (128 MB of a 24 GB machine's 384 MB starting
# heap), and every page of it costs a page fault the first time it is used and falls out of the CPU's
# caches before it is used again. At most 16 MB, measured over 5 000 small files: 42 000 page faults
# become 20 000 and the run takes 14 % less time and CPU (HTTPS: 6-13 %), on JDK 17 and 25 alike.
# Left to the JVM when the user sizes the heap: a cap near the whole heap would leave the old
# generation too small for the JDK 25 cache's objects (the JVM then refuses to start).
young=-XX:MaxNewSize=16m
case " $FETCH_JAVA_OPTS $JAVA_TOOL_OPTIONS $JDK_JAVA_OPTIONS" in
  *-Xm[nsx]*|*NewSize*|*HeapSize*|*NewRatio*|*RAMPercentage*|*MaxRAM*|*RAMFraction*) young= ;;
esac

# Transparent huge pages for the heap and the compiled code where the kernel gives them on request
# (Linux's 'madvise' setting; 'always' gives them anyway): a third fewer page faults, 6-12 % less
# time from one HTTPS GET to 5 000 small files, for 3-8 MB more memory. Not asked for elsewhere
# (the option exists on Linux only).
thp=
if [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then
  line=
  IFS= read -r line 2>/dev/null < /sys/kernel/mm/transparent_hugepage/enabled
  case $line in *"[madvise]"*|*"[always]"*) thp=-XX:+UseTransparentHugePages ;; esac
fi

# JVM messages (e.g. about the cache) would go to stdout, which carries results: errors only, on stderr.
# The serial collector suits a short-lived, I/O-bound command; no hsperfdata file.
tty=false out_tty=false
[ -t 2 ] && tty=true
[ -t 1 ] && out_tty=true
exec "$java" -Dfetch.stderr.tty=$tty -Dfetch.stdout.tty=$out_tty -Xlog:disable -Xlog:all=error:stderr -XX:+UseSerialGC -XX:-UsePerfData $young $thp \
  ${jit:+"-XX:+UnlockDiagnosticVMOptions"} ${jit:+"-XX:-DisplayVMOutput"} ${jit:+"-XX:CompilerDirectivesFile=$jit"} \
  ${jit:+"-XX:Tier4InvocationThreshold=1000"} ${jit:+"-XX:Tier4MinInvocationThreshold=200"} \
  ${jit:+"-XX:Tier4CompileThreshold=2000"} ${jit:+"-XX:Tier4BackEdgeThreshold=10000"} \
  ${cache:+"$cache"} $FETCH_JAVA_OPTS -jar "$self" "$@"
