package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChamberFeedTest {

    private static Sample at(double timeS, Double cellC, Double chamberC) {
        return new Sample("c1", null, timeS, null, 3.8, 0.001, cellC, chamberC, null, null);
    }

    /** Times of the samples sent, for one cell sampled every 10 s. */
    private static List<Double> sent(ChamberFeed feed, List<Sample> samples) {
        ChamberFeed.Sent last = new ChamberFeed.Sent();
        List<Double> times = new ArrayList<>();
        for (Sample s : samples) {
            if (feed.send(last, s)) {
                times.add(s.timeS());
            }
        }
        return times;
    }

    @Test
    void aSteadyChamberSendsOneSamplePerHeartbeat() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            // ±0.15 K wander: inside the dead band
            samples.add(at(i * 10.0, 100.0 + (i % 2 == 0 ? 0.15 : -0.15), 100.0 + (i % 3 == 0 ? 0.1 : -0.1)));
        }
        assertThat(sent(ChamberFeed.DEFAULT, samples)).containsExactly(0.0, 60.0, 120.0, 180.0, 240.0, 300.0);
    }

    @Test
    void aDriftingChamberIsFollowedAsSoonAsItMovesByTheDeadBand() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            samples.add(at(i * 10.0, 100.0, 100.0 + 0.3 * i)); // 0.3 K per sample: every other one is 0.6 K on
        }
        assertThat(sent(ChamberFeed.DEFAULT, samples)).containsExactly(0.0, 20.0, 40.0, 60.0);
    }

    @Test
    void aCellWarmingAloneIsSentToo() {
        List<Sample> samples = List.of(at(0, 100.0, 100.0), at(10, 100.2, 100.0), at(20, 101.0, 100.0), at(30, 101.1, 100.0));
        assertThat(sent(ChamberFeed.DEFAULT, samples)).containsExactly(0.0, 20.0);
    }

    @Test
    void aReadingThatAppearsOrDisappearsIsAChange() {
        List<Sample> samples = List.of(at(0, 100.0, null), at(10, 100.0, 100.0), at(20, 100.0, 100.0), at(30, 100.0, null),
                at(40, 100.0, Double.NaN));
        assertThat(sent(ChamberFeed.DEFAULT, samples)).containsExactly(0.0, 10.0, 30.0);
    }

    @Test
    void aSampleWithoutTimeIsNeverSent() {
        ChamberFeed.Sent last = new ChamberFeed.Sent();
        assertThat(ChamberFeed.DEFAULT.send(last, new Sample("c1", null, null, null, 3.8, 0.0, 100.0, 100.0, null, null))).isFalse();
    }
}
