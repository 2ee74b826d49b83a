package dev.rapport.prometheus;

/**
 * An alert expression returns data only while it fires. To check that its series exist while
 * the condition is false, every comparison gets the {@code bool} modifier: the result then has a
 * 0 or 1 for each series both sides match, and is empty only if a side has no data.
 */
final class AlertConditions {
    private AlertConditions() {}

    static String withBool(String expr) {
        StringBuilder out = new StringBuilder();
        int braces = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            out.append(c);
            if (quoted) {
                if (c == '\\') {
                    out.append(expr.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '{' -> braces++;
                case '}' -> braces--;
                case '>', '<', '=', '!' -> {
                    if (braces == 0) {
                        i = comparison(expr, i, out);
                    }
                }
                default -> {}
            }
        }
        return out.toString();
    }

    /** At an operator character outside a selector: completes a two-character operator and adds bool. */
    private static int comparison(String expr, int i, StringBuilder out) {
        char c = expr.charAt(i);
        boolean twoChars = i + 1 < expr.length() && expr.charAt(i + 1) == '=';
        if ((c == '=' || c == '!') && !twoChars) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + i + " in " + expr);
        }
        int end = twoChars ? i + 1 : i;
        if (twoChars) {
            out.append('=');
        }
        if (!expr.substring(end + 1).stripLeading().startsWith("bool")) {
            out.append(" bool");
        }
        return end;
    }
}
