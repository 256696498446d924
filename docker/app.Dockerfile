# syntax=docker/dockerfile:1
#
# The image of one app, built from the executable jar Maven produced (./mvnw -B package first):
#
#   docker build -f docker/app.Dockerfile --build-arg APP=webhook-gateway -t payrecon/webhook-gateway .
#
# APP is the Maven module: link-service, webhook-gateway, reconciler or request-sandbox. The build context is the
# repository root; app.Dockerfile.dockerignore lets only the four jars into it.
#
# The jar is split into Spring Boot's layers (dependencies change rarely, the application on every build), so a
# new version pulls and stores only the small application layer. No shell, no JAVA_OPTS expansion: the JVM reads
# extra options from JDK_JAVA_OPTIONS, Spring reads every setting from the environment.

ARG JAVA_IMAGE=eclipse-temurin:25-jre

FROM ${JAVA_IMAGE} AS layers
ARG APP
WORKDIR /build
COPY ${APP}/target/${APP}.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM ${JAVA_IMAGE}
ARG APP
# The compose health checks call /actuator/health/readiness with curl: fail the build, not the deployment, if a
# new base image stops shipping it.
RUN curl --version > /dev/null \
    && groupadd --gid 10001 payrecon \
    && useradd --uid 10001 --gid payrecon --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin payrecon \
    && mkdir -p /app/cds && chown 10001:10001 /app/cds
WORKDIR /app
# Least to most often changed: each COPY is one image layer. The files stay root's: the app cannot change its code.
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
LABEL org.opencontainers.image.title="${APP}" \
      org.opencontainers.image.description="payrecon ${APP}: see ${APP}/README.md"
# Numeric, so an orchestrator's runAsNonRoot check can verify it without reading /etc/passwd.
USER 10001:10001
# The heap follows the container's memory limit (75 %, the rest is metaspace, threads and direct buffers);
# an OutOfMemoryError ends the process so the restart policy replaces it instead of leaving it half alive.
#
# Start-up: the JVM keeps the classes this app loaded in a class-data archive of its own (dynamic CDS), written
# when the first run of the container exits cleanly (docker stop) and mapped by every later start of it, a restart
# under load included; an archive of another image (other jars, another JDK) is detected and rewritten. Unlike
# ./pipeline up's AOT cache, it needs no training run while the image is built: that run would need the broker and
# the database (docs/operations.md, "Start-up: the ahead-of-time cache").
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/app/cds/application.jsa", \
            "-jar", "application.jar"]
