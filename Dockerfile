# fetch as a container image that starts warm: it ships the launcher's start-up cache (the AOT cache
# of JDK 25), made by one training run while the image is built.
#   docker build -t fetch .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/data" fetch -f urls.txt -o images
# .github/workflows/image.yml builds it on every push, smoke-tests it and pushes it on v* tags.

# Build stage: the same Maven build as CI, without the tests (CI runs them; see ci.yml and release.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/var/cache/maven mvn -B -Dmaven.repo.local=/var/cache/maven -DskipTests package

# Runtime: a JRE 25 (the AOT cache; fetch itself needs 17+), a non-root user, the launcher on PATH.
FROM eclipse-temurin:25-jre
# The launcher keeps its start-up cache in $XDG_CACHE_HOME/fetch: a fixed folder in the image, which
# any user that runs the image can read (the cache is keyed by the launcher and the JDK, not the user).
ENV XDG_CACHE_HOME=/opt/fetch/cache
RUN groupadd --gid 10001 fetch \
 && useradd --uid 10001 --gid fetch --no-log-init --create-home --home-dir /home/fetch --shell /usr/sbin/nologin fetch \
 && mkdir -p /opt/fetch/cache /data \
 && chown fetch:fetch /opt/fetch/cache /data
COPY --from=build /src/target/fetch /usr/local/bin/fetch
USER 10001:10001
WORKDIR /data
# One training run, in the foreground (FETCH_CACHE=build exits non-zero if no archive was made), then
# a run whose classes must come from it, or the build fails. The archive is keyed by the launcher's
# path, size and mtime, its build id and the JDK: nothing after this step may touch
# /usr/local/bin/fetch or the JRE.
RUN FETCH_CACHE=build fetch \
 && FETCH_JAVA_OPTS=-Xlog:class+load=info:file=/tmp/classes.log fetch --version \
 && grep -q ' dev[.]fetch[.].*shared objects file' /tmp/classes.log \
 && rm /tmp/classes.log
ENTRYPOINT ["fetch"]
