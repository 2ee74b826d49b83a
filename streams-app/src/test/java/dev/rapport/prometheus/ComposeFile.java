package dev.rapport.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml as a tree, with the few look-ups the consistency tests need. */
final class ComposeFile {
    static final Path PATH = RepositoryFiles.ROOT.resolve("docker-compose.yml");
    static final String GRAFANA_DASHBOARDS_MOUNT = "/var/lib/grafana/dashboards";

    private final JsonNode root = RepositoryFiles.yaml(PATH);

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        service(service)
                .path("environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    List<String> command(String service) {
        List<String> args = new ArrayList<>();
        service(service).path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** Volume mounts of a service: container path to host path, for host paths (bind mounts). */
    Map<String, Path> bindMounts(String service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(parts[1], RepositoryFiles.ROOT.resolve(parts[0]).normalize());
            }
        }
        return mounts;
    }
}
