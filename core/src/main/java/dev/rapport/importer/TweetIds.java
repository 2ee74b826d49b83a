package dev.rapport.importer;

import java.math.BigDecimal;

/** Parses tweet ids, which pandas writes as floats ({@code 3.0}) once a column holds an empty cell. */
final class TweetIds {
    private static final int MAX_LONG_DIGITS = 19;

    private TweetIds() {}

    /**
     * The id as a non-negative long.
     *
     * @throws NumberFormatException if {@code text} is not a non-negative integral number that fits a long
     */
    static long parse(String text) {
        String trimmed = text.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(trimmed);
        }
        // stripTrailingZeros first so that the checks below are cheap even for inputs like "1e999999999".
        BigDecimal number = new BigDecimal(trimmed).stripTrailingZeros();
        if (number.signum() < 0) {
            throw new NumberFormatException("negative id: " + trimmed);
        }
        if (number.scale() > 0) {
            throw new NumberFormatException("not an integer: " + trimmed);
        }
        if (number.precision() - number.scale() > MAX_LONG_DIGITS) {
            throw new NumberFormatException("too large: " + trimmed);
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("too large: " + trimmed);
        }
    }
}
