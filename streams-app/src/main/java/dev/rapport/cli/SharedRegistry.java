package dev.rapport.cli;

import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.registry.SchemaRegistries;

/**
 * The commands that work on a real cluster need the Schema Registry its other clients use. A
 * {@code mock://} registry lives in this process only: it knows none of their schemas, and the ids
 * it hands out mean nothing to them. {@code demo}, {@code replay}, {@code bench} and tests keep it.
 */
final class SharedRegistry {
    private SharedRegistry() {}

    /**
     * @param command the command refusing, as the user typed it
     * @param consequence what would go wrong with an in-process registry, for the message
     */
    static void require(RapportConfig config, String command, String consequence) {
        String url = config.schemaRegistryUrl();
        if (SchemaRegistries.isInProcess(url)) {
            boolean byDefault = url.equals(Setting.SCHEMA_REGISTRY_URL.defaultValue());
            throw new ConfigException("setting '" + Setting.SCHEMA_REGISTRY_URL.key()
                    + "' must be the http(s) URL of the Schema Registry your producers use: " + command + " refuses "
                    + url + (byDefault ? " (the default)" : "")
                    + ", an in-process registry that knows none of their schemas, so " + consequence);
        }
    }
}
