package dev.labelpanel.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class UsageReportTest {
    @Test
    void printsTheAdaptivePanelsSavingInOneLine() throws Exception {
        String json = "{\"usage\": {\"panel\": {\"a\": {\"answers\": 30, \"not_asked\": 6},"
                + " \"b\": {\"answers\": 36}, \"c\": {\"answers\": 28, \"not_asked\": 8}}},"
                + " \"cost\": {\"usd\": 1.0, \"saved_usd\": 0.0, \"not_asked_usd\": 0.25, \"unpriced_labelers\": []}}";
        StringBuilder s = new StringBuilder();
        UsageReport.render(new ObjectMapper().readTree(json), s);
        String line = s.toString()
                .lines()
                .filter(l -> l.contains("adaptive panel"))
                .findFirst()
                .orElse("(none)");
        assertEquals("  adaptive panel    14 panel calls saved (13.0% of 108): a 6, c 8; about 0.2500 USD saved", line);
    }

    @Test
    void aFullPanelPrintsNoSavingLine() throws Exception {
        StringBuilder s = new StringBuilder();
        UsageReport.render(new ObjectMapper().readTree("{\"usage\": {\"panel\": {\"a\": {\"answers\": 30}}}}"), s);
        assertEquals(false, s.toString().contains("adaptive panel"));
    }
}
