package dev.rapport.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides what a start-up log may show. A key that names a secret by any of the usual words is
 * hidden whole; this over-redacts a little (ssl.keystore.type) rather than miss a password under
 * a name nobody listed. Credentials written into a URL are hidden wherever they appear.
 */
final class SecretRedaction {
    static final String MASK = "******";
    private static final List<String> SECRET_WORDS =
            List.of("password", "secret", "jaas", "token", "key", "user.info", "credential");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private SecretRedaction() {}

    static String shown(String key, String value) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        if (!value.isEmpty() && SECRET_WORDS.stream().anyMatch(lowerKey::contains)) {
            return MASK;
        }
        return URL_USER_INFO.matcher(value).replaceAll(MASK + "@");
    }
}
