package dev.rapport.generator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which brands the generator simulates. */
public enum TrafficMode {
    /** A few brands, one per behaviour an alert or metric must catch: see {@link Persona}. */
    PERSONAS("personas"),
    /** Many ordinary brands with Zipf-distributed sizes, for benchmarks: a few giants and a long tail. */
    ZIPF("zipf");

    private final String cliName;

    TrafficMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * The mode with this command-line name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known modes, ready to show to the user
     */
    public static TrafficMode fromCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + name + "', expected one of "
                        + Arrays.stream(values()).map(TrafficMode::cliName).collect(Collectors.joining(", "))));
    }
}
