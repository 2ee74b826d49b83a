package dev.rapport.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Indirect setting values, so secrets need not be written into config files or command lines:
 * {@code ${env:NAME}} is an environment variable, {@code ${file:/path}} a file's trimmed content
 * (e.g. a mounted Kubernetes secret). References may sit inside a longer value, as a password does
 * inside {@code kafka.sasl.jaas.config}.
 */
final class ValueReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final Map<String, String> environment;

    ValueReferences(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The value with every reference replaced; a missing variable or file names the setting. */
    String resolve(String key, String value, String origin) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).trim();
            String replacement = m.group(1).equals("env") ? variable(key, name, origin) : file(key, name, origin);
            m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    private String variable(String key, String name, String origin) {
        String value = environment.get(name);
        if (value == null) {
            throw new ConfigException(
                    "setting '" + key + "' (" + origin + "): environment variable " + name + " is not set");
        }
        return value;
    }

    private static String file(String key, String path, String origin) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("setting '" + key + "' (" + origin + "): file " + path + " cannot be read: " + e);
        }
    }
}
