# syntax=docker/dockerfile:1
# Telemetry Bridge image: built with the project's Maven wrapper on a JDK, run on a JRE as a non-root user.
#   docker build -t telemetry-bridge .
# The tests run in CI (.ci/run), not here.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY mqsc/ mqsc/
COPY src/ src/
# The cache mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests \
    && cp target/telemetry-bridge-*.jar /telemetry-bridge.jar

FROM eclipse-temurin:21-jre
# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 bridge \
    && useradd --system --uid 10001 --gid bridge --home-dir /opt/telemetry-bridge --shell /usr/sbin/nologin bridge \
    && mkdir -p /opt/telemetry-bridge/data \
    && chown -R bridge:bridge /opt/telemetry-bridge
WORKDIR /opt/telemetry-bridge
COPY --from=build /telemetry-bridge.jar ./telemetry-bridge.jar
USER 10001:10001
# The embedded stand-in's journal, when no queue manager is configured.
ENV BRIDGE_EMBEDDED_DATA_DIR=/opt/telemetry-bridge/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/opt/telemetry-bridge/data"]
# MQTT, and HTTP (actuator: /actuator/health/liveness, /actuator/health/readiness, /actuator/prometheus).
EXPOSE 1883 8080
ENTRYPOINT ["java", "-jar", "/opt/telemetry-bridge/telemetry-bridge.jar"]
