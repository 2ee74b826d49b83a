package dev.rapport.cli;

import dev.rapport.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line durations, written the same way as duration settings. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        Duration d = Durations.parseOrNull(text);
        if (d == null) {
            throw new TypeConversionException("'" + text + "' " + Durations.HELP);
        }
        return d;
    }
}
