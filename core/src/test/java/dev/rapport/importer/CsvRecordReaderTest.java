package dev.rapport.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void keepsStrayQuotesLiterallyInsteadOfLosingTheRestOfTheFile() throws IOException {
        List<CsvRecord> records = readAll("a,b\"c,\"d\"e,f\n\"x\"\"y\",z\n");

        assertThat(records)
                .extracting(CsvRecord::fields)
                .containsExactly(List.of("a", "b\"c", "de", "f"), List.of("x\"y", "z"));
        assertThat(records).extracting(CsvRecord::defect).containsOnlyNulls();
    }

    @Test
    void numbersRecordsByTheLineTheyStartOnWhateverTheLineEndings() throws IOException {
        // a: line 1 (CRLF). The quoted field starts on line 2 and holds a LF and a CRLF, so it ends on line 4;
        // its CR ends the record, the next CR is blank line 5, e is on line 6, two blank LF lines, f on line 9.
        List<CsvRecord> records = readAll("a\r\n\"b\nc\r\nd\"\r\re\n\n\nf");

        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 2L, 6L, 9L);
        assertThat(records.get(1).fields()).containsExactly("b\nc\r\nd");
    }

    @Test
    void cutsARunawayRecordShortAndCarriesOnAfterIt() throws IOException {
        String huge = "x".repeat(CsvRecordReader.MAX_RECORD_CHARS + 10);

        List<CsvRecord> records = readAll("a\n\"" + huge + "\n\",more\nb\n");

        assertThat(records).hasSize(3);
        assertThat(records.get(1).defect()).isEqualTo("record longer than 1048576 characters");
        assertThat(records.get(2)).returns(4L, CsvRecord::line).returns(List.of("b"), CsvRecord::fields);
    }

    private static List<CsvRecord> readAll(String csv) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(csv));
        List<CsvRecord> records = new ArrayList<>();
        for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        return records;
    }
}
