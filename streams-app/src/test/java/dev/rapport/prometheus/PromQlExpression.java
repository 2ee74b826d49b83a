package dev.rapport.prometheus;

/** A query found in a dashboard or rule file, made concrete enough to send to Prometheus. */
record PromQlExpression(String source, String promql) {
    @Override
    public String toString() {
        return source + ": " + promql;
    }
}
