package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventFormatTest {

    @Test
    void createsTheImporterForACommandLineName() {
        assertThat(EventFormat.importer("twcs")).isInstanceOf(TwcsImporter.class);
        assertThat(EventFormat.importer("jsonl")).isInstanceOf(JsonlImporter.class);
        assertThat(EventFormat.importer("capture")).isInstanceOf(CaptureImporter.class);
        assertThat(EventFormat.fromCliName(" JSONL ")).isEqualTo(EventFormat.JSONL);
        assertThat(EventFormat.TWCS.cliName()).isEqualTo("twcs");
    }

    @Test
    void namesTheKnownFormatsWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> EventFormat.importer("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'xml', expected one of twcs, jsonl, capture");
    }
}
