package dev.rapport.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The input formats the CLI accepts with {@code --format}, by their command-line names. */
public enum EventFormat {
    TWCS("twcs", TwcsImporter::new),
    JSONL("jsonl", JsonlImporter::new),
    CAPTURE("capture", CaptureImporter::new);

    private final String cliName;
    private final Supplier<EventImporter> importers;

    EventFormat(String cliName, Supplier<EventImporter> importers) {
        this.cliName = cliName;
        this.importers = importers;
    }

    public String cliName() {
        return cliName;
    }

    public EventImporter newImporter() {
        return importers.get();
    }

    /**
     * The format with this command-line name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known formats, ready to show to the user
     */
    public static EventFormat fromCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + name + "', expected one of "
                        + Arrays.stream(values()).map(EventFormat::cliName).collect(Collectors.joining(", "))));
    }

    /** The importer for {@code --format name}. */
    public static EventImporter importer(String name) {
        return fromCliName(name).newImporter();
    }
}
