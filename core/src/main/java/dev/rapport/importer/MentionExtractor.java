package dev.rapport.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@code @handle}s in a tweet's text, in order of appearance. */
final class MentionExtractor {
    // Twitter does not treat "name@example" as a mention, hence the look-behind.
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@([A-Za-z0-9_]+)");

    private MentionExtractor() {}

    static List<String> mentions(String text) {
        Matcher matcher = MENTION.matcher(text);
        List<String> handles = new ArrayList<>();
        while (matcher.find()) {
            handles.add(matcher.group(1));
        }
        return List.copyOf(handles);
    }
}
