package dev.rapport.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.rapport.config.RapportConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two demos one after the other with the same settings, as a user runs them: the second starts
 * clean (no task found corrupted against its new broker) and neither leaves state behind.
 */
class DemoFreshStateIT {
    private static final Pattern LOCAL_STATE = Pattern.compile("local state\\s+(\\S+)");

    @TempDir
    Path stateDir;

    @Test
    void aSecondDemoStartsOnFreshStateAndEachRunDeletesItsOwn() throws Exception {
        RapportConfig config = RapportConfig.defaults()
                .with(Map.of(
                        "state.dir",
                        stateDir.toString(),
                        "query.port",
                        "0",
                        "metrics.port",
                        "0",
                        "sla",
                        "15m",
                        "window",
                        "5m",
                        "grace",
                        "5m",
                        "sla.clock",
                        "event",
                        "response.horizon",
                        "20m"));
        Demo.Options options = new Demo.Options(Duration.ofSeconds(6), 40, 1, 60, 0, 0, Duration.ofSeconds(2));
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
        ListAppender<ILoggingEvent> streamsLog = new ListAppender<>();
        streamsLog.start();
        kafka.addAppender(streamsLog);
        Level level = kafka.getLevel();
        kafka.setLevel(Level.WARN);
        try {
            Path first = runDemo(config, options);
            assertThat(listing(stateDir)).as("state left by the first run").isEmpty();
            streamsLog.list.clear();

            Path second = runDemo(config, options);

            assertThat(second).isNotEqualTo(first);
            assertThat(listing(stateDir)).as("state left by the second run").isEmpty();
            List<String> corrupted = streamsLog.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("corrupted") || thrown(e.getThrowableProxy()))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(corrupted).as("tasks found corrupted by the second demo").isEmpty();
        } finally {
            kafka.detachAppender(streamsLog);
            kafka.setLevel(level);
        }
    }

    /** Runs one demo and answers the state directory it printed, which it must have used as its own. */
    private static Path runDemo(RapportConfig config, Demo.Options options) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            new Demo(config, options).run(out);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        Matcher m = LOCAL_STATE.matcher(printed);
        assertThat(m.find())
                .as("the demo names its state directory:%n%s", printed)
                .isTrue();
        assertThat(printed).contains("Generated");
        return Path.of(m.group(1));
    }

    private static boolean thrown(IThrowableProxy proxy) {
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            if (p.getClassName().endsWith("TaskCorruptedException")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
