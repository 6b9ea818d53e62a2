package io.cellwatch.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared-array list under DecimatedSeries and RecentSlope: every version keeps exactly its own points. */
class PointListTest {

    @Test
    void appendingAndDroppingInAnyOrderFromAnyVersionMatchesPlainLists() {
        Random random = new Random(17);
        List<PointList> versions = new ArrayList<>(List.of(PointList.EMPTY));
        List<List<Point>> expected = new ArrayList<>(List.of(List.of()));
        for (int n = 0; n < 5_000; n++) {
            // mostly the newest version (in place), now and then an older one (a restored snapshot: copies)
            int from = random.nextInt(10) > 0 ? versions.size() - 1 : random.nextInt(versions.size());
            PointList list = versions.get(from);
            List<Point> plain = new ArrayList<>(expected.get(from));
            if (random.nextInt(3) == 0 && !plain.isEmpty()) {
                int drop = random.nextInt(plain.size() + 1);
                list = list.dropFirst(drop);
                plain = plain.subList(drop, plain.size());
            } else {
                list = list.plus(n, -n, 1 + random.nextInt(40));
                plain.add(new Point(n, -n));
            }
            versions.add(list);
            expected.add(List.copyOf(plain));
            assertThat(list).isEqualTo(plain);
        }
        for (int k = 0; k < versions.size(); k++) {
            assertThat(versions.get(k)).as("version %d", k).isEqualTo(expected.get(k));
        }
    }

    @Test
    void isAnImmutableListOfPoints() {
        PointList list = PointList.of(List.of(new Point(1, 2), new Point(3, 4)));

        assertThat(list).containsExactly(new Point(1, 2), new Point(3, 4));
        assertThat(list.x(1)).isEqualTo(3.0);
        assertThat(list.dropFirst(1).y(0)).isEqualTo(4.0);
        assertThatThrownBy(() -> list.x(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.dropFirst(1).x(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.add(new Point(5, 6))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(PointList.of(list)).isSameAs(list);
    }
}
