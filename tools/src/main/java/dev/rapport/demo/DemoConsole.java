package dev.rapport.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Prints the demo's per-brand summary table. Waiting customers come from the query API. */
final class DemoConsole {
    /** The response rate column: of the latest closed window, which the header says (see {@link BrandBoard}). */
    static final String RESPONSE_RATE_HEADER = "rate(closed)";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BrandBoard board;
    private final String queryUrl;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DemoConsole(BrandBoard board, String queryUrl, PrintStream out) {
        this.board = board;
        this.queryUrl = queryUrl;
        this.out = out;
    }

    void print(Duration elapsed) {
        Map<String, BrandBoard.Line> lines = board.lines();
        out.printf(
                "%n[%s] %-18s %7s %7s %8s %8s %13s %8s %9s %9s %7s%n",
                format(elapsed),
                "brand",
                "in",
                "out",
                "p50",
                "p90",
                RESPONSE_RATE_HEADER,
                "waiting",
                "depth>=3",
                "breaches",
                "alerts");
        lines.forEach((brand, l) -> out.printf(
                "        %-18s %7d %7d %8s %8s %13s %8s %9d %9d %7d%n",
                brand,
                l.inbound(),
                l.outbound(),
                millis(l.p50Ms()),
                millis(l.p90Ms()),
                percent(l.responseRate()),
                waiting(brand),
                l.depth3(),
                l.breaches(),
                l.alertsFiring()));
        out.flush();
    }

    private String waiting(String brand) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    queryUrl + "/waits?brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("waiting").asText()
                    : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String millis(Long ms) {
        if (ms == null) {
            return "-";
        }
        return ms < 60_000
                ? (ms / 1000) + "s"
                : ms < 3_600_000 ? (ms / 60_000) + "m" : String.format("%.1fh", ms / 3_600_000.0);
    }

    /** Rounded down, so a rate just below an alert threshold never shows as the threshold itself. */
    private static String percent(Double fraction) {
        return fraction == null ? "-" : (int) Math.floor(fraction * 100) + "%";
    }

    private static String format(Duration d) {
        return String.format("%02d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
