package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SampleWindow} appends in place to a shared array; it must hold exactly the samples the copying window
 * held, and every earlier window must stay as it was.
 */
class SampleWindowTest {

    /** The window before SampleWindow: the last {@code keep - 1} samples copied, then the new one. */
    private static List<Sample> copying(List<Sample> window, Sample s, int keep) {
        List<Sample> next = new ArrayList<>(Math.min(window.size() + 1, keep));
        for (int i = Math.max(0, window.size() + 1 - keep); i < window.size(); i++) {
            next.add(window.get(i));
        }
        next.add(s);
        return List.copyOf(next);
    }

    private static Sample sample(long seq) {
        return new Sample("c", seq, 1000.0 + 10 * seq, null, 3.4, 0.001, 25.0, null, 1, 1);
    }

    @Test
    void holdsTheSameSamplesAsTheCopyingWindow() {
        for (int keep : new int[] {1, 2, 3, 20}) {
            SampleWindow window = SampleWindow.EMPTY;
            List<Sample> reference = List.of();
            for (long n = 0; n < 500; n++) {
                window = window.plus(sample(n), keep);
                reference = copying(reference, sample(n), keep);

                assertThat(window).as("keep %d after %d", keep, n).isEqualTo(reference);
            }
        }
    }

    @Test
    void anEarlierWindowNeverSeesLaterSamplesAndCanBeAppendedToAgain() {
        Random random = new Random(3);
        List<SampleWindow> versions = new ArrayList<>();
        List<List<Sample>> asTheyWere = new ArrayList<>();
        SampleWindow window = SampleWindow.EMPTY;
        for (long n = 0; n < 1_000; n++) {
            // now and then carry on from an older version, as a restored snapshot does
            SampleWindow from = versions.isEmpty() || random.nextInt(10) > 0 ? window
                    : versions.get(random.nextInt(versions.size()));
            List<Sample> expected = copying(from, sample(n), 20);
            window = from.plus(sample(n), 20);
            assertThat(window).isEqualTo(expected);
            versions.add(window);
            asTheyWere.add(List.copyOf(window));
        }
        for (int n = 0; n < versions.size(); n++) {
            assertThat(versions.get(n)).as("version %d", n).isEqualTo(asTheyWere.get(n));
        }
    }

    @Test
    void aListFromOutsideIsCopiedAndTrimmedToTheWindowOnTheNextSample() {
        List<Sample> stored = new ArrayList<>();
        for (long n = 0; n < 30; n++) {
            stored.add(sample(n));
        }
        SampleWindow window = SampleWindow.of(stored);
        stored.clear();

        assertThat(window).hasSize(30);
        assertThat(window.plus(sample(30), 20)).hasSize(20).endsWith(sample(30)).startsWith(sample(11));
    }

    @Test
    void survivesJsonAsTheListItAlwaysWas() throws Exception {
        SampleWindow window = SampleWindow.EMPTY;
        List<Sample> reference = List.of();
        for (long n = 0; n < 50; n++) {
            window = window.plus(sample(n), 20);
            reference = copying(reference, sample(n), 20);
        }
        ObjectMapper json = Json.mapper();
        String text = json.writeValueAsString(window);

        assertThat(text).isEqualTo(json.writeValueAsString(reference));
        assertThat(json.readValue(text, new TypeReference<List<Sample>>() { })).isEqualTo(window);
    }
}
