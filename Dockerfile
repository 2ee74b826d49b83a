# syntax=docker/dockerfile:1
# Rapport image: built from source with Maven, run on a JRE. docker-compose.yml builds it for
# the rapport and generator services.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY streams-app streams-app
# Tests run in CI, not in the image build; the cache mount keeps downloads between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/streams-app/target/rapport.jar /app/rapport.jar
# Local state stores; a volume keeps them across restarts so restores are short.
VOLUME /var/lib/rapport
ENV RAPPORT_STATE_DIR=/var/lib/rapport
EXPOSE 9464
# conversation-state lives on the heap by default (conversation.store=memory), so the heap gets
# most of the container's memory rather than the JVM's default quarter. RocksDB's stores
# (state.memory, 128 MiB by default), thread stacks and metaspace live outside the heap.
# Override with -e JAVA_TOOL_OPTIONS=... (for example -Xmx).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
ENTRYPOINT ["java", "-jar", "/app/rapport.jar"]
CMD ["run"]
