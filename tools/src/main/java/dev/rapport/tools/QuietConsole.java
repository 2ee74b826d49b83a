package dev.rapport.tools;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The console of demo, replay and bench: what the command prints, Rapport's warnings and the errors of
 * Rapport and its Kafka clients. Kafka's warnings, the embedded broker's log and Rapport's INFO
 * lines go to a log file instead, named once on start; {@code quiet-console-logback.xml} says what
 * goes where. {@code run} keeps logback.xml, which logs everything to the console: a service's
 * console is its log.
 */
final class QuietConsole {
    private static final String CONFIGURATION = "quiet-console-logback.xml";

    private QuietConsole() {}

    /** Sends this process's logging to {@code logFile}, as above, and names the file on {@code console}. */
    static void logTo(Path logFile, PrintStream console) throws IOException {
        // Another SLF4J binding on the classpath keeps its own configuration.
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Path file = logFile.toAbsolutePath();
        Files.createDirectories(file.getParent());
        URL configuration = QuietConsole.class.getResource(CONFIGURATION);
        context.reset();
        context.putProperty("rapport.log.file", file.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("the logging configuration " + CONFIGURATION + " does not load", e);
        }
        console.println("rapport: log file " + file + " (Kafka's warnings; errors show here too)");
    }
}
