# Vanish as one container image: `docker build -t vanish .` (or `podman build -t vanish .`) from a fresh
# clone, then `docker run --read-only --tmpfs /tmp -p 8080:8080 vanish` (docs/DEPLOY.md). Two stages:
#   build    Debian's JDK 17 and Maven build app/target/vanish.jar (tests skipped: CI runs them) and jlink
#            a Java runtime with only the modules Vanish uses;
#   runtime  debian:bookworm-slim with that runtime, the jar and a launcher; a fixed non-root user, a
#            read-only root (Vert.x unpacks the page's assets into /tmp: mount a tmpfs there), every setting
#            an environment variable.
# A Maven repository on the host can stand in for downloads: `podman build -v ~/.m2/repository:/root/.m2/repository .`

FROM debian:bookworm-slim AS build
# man1 must exist for the JDK's postinst in a slim image (its alternatives link man pages there); binutils:
# jlink --strip-debug runs objcopy on the native libraries.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# A short build: Maven's JVM without the optimising JIT compiles the modules about twice as fast here.
ENV MAVEN_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"
COPY pom.xml ./
COPY server/pom.xml server/
COPY client/pom.xml client/
COPY bench/pom.xml bench/
COPY app/pom.xml app/
COPY server/src/main server/src/main
COPY client/src/main client/src/main
COPY bench/src/main bench/src/main
COPY app/src/main app/src/main
# Main sources only: with the tests skipped, a change to a test does not rebuild the image.
RUN mvn -B -q -pl app -am package -Dmaven.test.skip=true
# The modules vanish.jar needs: `jdeps --print-module-deps --ignore-missing-deps --multi-release 17 vanish.jar`
# gives java.base, java.naming, java.net.http, jdk.jfr, jdk.management, jdk.unsupported (Netty), java.xml
# (logback.xml) and java.logging, plus three that it names only for code Vanish never runs (java.desktop:
# micrometer's Log4j2 binder and jline's console; java.sql: micrometer's DB binders; java.compiler: Vert.x's
# source verticles) — left out, 11 MB less. Added: jdk.crypto.ec (on JDK 17 the Ed25519 seat signatures and
# TLS's ECDHE to a rediss:// Redis live there) and jdk.naming.dns (Netty's DNS resolver may ask JNDI for
# name servers). The image test runs a real chat through Redis with this runtime.
RUN jlink --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive --output /opt/vanish/jre \
 && rm /opt/vanish/jre/lib/server/classes_nocoops.jsa
# The CDS archive (classes.jsa, 12 MB) takes about 50 ms (15 %) off every start of the JVM, the HEALTHCHECK's
# included; its twin for heaps over 32 GB (classes_nocoops.jsa, 11 MB) goes: such a heap starts without it.

FROM debian:bookworm-slim
RUN groupadd --gid 10001 vanish \
 && useradd --uid 10001 --gid vanish --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin vanish
COPY --from=build /opt/vanish/jre /opt/vanish/jre
COPY --from=build /src/app/target/vanish.jar /opt/vanish/lib/vanish.jar
COPY deploy/container/vanish /opt/vanish/bin/vanish
ENV PATH=/opt/vanish/bin:$PATH \
    VANISH_HOST=0.0.0.0 \
    VANISH_PORT=8080
USER 10001:10001
EXPOSE 8080
# `vanish health` exits 0 when this node's /readyz answers 200 (no curl in the image).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["/opt/vanish/bin/vanish", "health"]
ENTRYPOINT ["/opt/vanish/bin/vanish"]
CMD ["serve"]
