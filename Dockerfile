# syntax=docker/dockerfile:1
# Two images from one build: `service` (the default, last stage) carries only the production
# service (run, policy); `tools` carries rapport.jar with the developer tools (generate, replay,
# capture, bench, demo) and their embedded broker. docker-compose.yml builds both.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY core core
COPY streams-app streams-app
COPY test-kit test-kit
COPY tools tools
# Tests run in CI, not in the image build; the cache mount keeps downloads between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre AS tools
WORKDIR /app
COPY --from=build /src/tools/target/rapport.jar /app/rapport.jar
ENTRYPOINT ["java", "-jar", "/app/rapport.jar"]

FROM eclipse-temurin:17-jre AS service
WORKDIR /app
COPY --from=build /src/streams-app/target/rapport-service.jar /app/rapport-service.jar
# Local state stores; a volume keeps them across restarts so restores are short.
VOLUME /var/lib/rapport
ENV RAPPORT_STATE_DIR=/var/lib/rapport
EXPOSE 9464
# conversation-state lives on the heap by default (conversation.store=memory), so the heap gets
# most of the container's memory rather than the JVM's default quarter. RocksDB's stores
# (state.memory, 128 MiB by default), thread stacks and metaspace live outside the heap.
# Override with -e JAVA_TOOL_OPTIONS=... (for example -Xmx).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
ENTRYPOINT ["java", "-jar", "/app/rapport-service.jar"]
CMD ["run"]
