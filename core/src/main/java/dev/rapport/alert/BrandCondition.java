package dev.rapport.alert;

import dev.rapport.schema.AlertType;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.Severity;
import java.util.List;

/**
 * One brand-level alert rule. It reads a closed window; a window it cannot judge (too few samples,
 * no baseline yet) gives no reading, and an alert already firing then stays as it is: a quiet
 * window is no evidence that the problem went away.
 */
public interface BrandCondition {
    AlertType type();

    Severity severity();

    /** @param baseline the brand's state before this window: the engagement baseline lives there */
    List<Reading> read(BrandWindowStats window, BrandAlertState baseline);
}
