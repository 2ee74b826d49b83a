package dev.rapport.ingest;

import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.DecodeFailure;

/** The outcome of reading one input record: an event, a time marker, or a dead letter. */
public sealed interface Ingested {

    /** A valid message event. */
    record Event(MessageEvent event) implements Ingested {}

    /**
     * A control record that moves event time forward without an event. Replay appends one to
     * every input partition after the last event so that waits still open at the end of the
     * data are judged against the last event time, as they would be if the stream continued.
     */
    record Watermark() implements Ingested {}

    /** A record Rapport cannot use: its original bytes, and why. */
    record DeadLetter(byte[] original, DecodeFailure reason, String detail) implements Ingested {}
}
