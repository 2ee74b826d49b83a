package dev.rapport.config;

/** A setting is unknown or invalid. The message names the setting and where its value came from. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
