package dev.edgetl.softsensor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorDatasetTest {
    @TempDir Path dir;

    Path file(String name, int rows, java.util.function.IntFunction<String> row, String header) throws IOException {
        StringBuilder sb = new StringBuilder(header == null ? "" : header + "\n");
        for (int r = 0; r < rows; r++) {
            sb.append(row.apply(r)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    DataSpec spec(Path p, int window) {
        DataSpec s = new DataSpec();
        s.data = p;
        s.inputs = List.of("a", "b");
        s.targets = List.of("y");
        s.window = window;
        return s;
    }

    @Test
    void windowsKeepTimeOrderAndScalingComesFromTheTrainingPartOnly() throws IOException {
        Path p = file("d.csv", 100, r -> r + "," + Math.sin(r) + "," + (2 * r), "a,b,y");
        SensorDataset d = SensorDataset.load(spec(p, 5));
        // 60 / 20 / 20 rows, windows inside each part: 56, 16, 16.
        assertThat(d.train.n).isEqualTo(56);
        assertThat(d.val.n).isEqualTo(16);
        assertThat(d.test.n).isEqualTo(16);
        assertThat(d.train.origin[0]).isEqualTo(4);
        assertThat(d.val.origin[0]).isEqualTo(64);
        assertThat(d.test.origin[15]).isEqualTo(99);
        assertThat(d.inputScaling.mean[0]).isCloseTo(29.5f, org.assertj.core.data.Offset.offset(1e-4f));
        // The last window's newest row is row 99 (a = 99), oldest first.
        int w = d.test.windowSize();
        float newest = d.test.x[(d.test.n - 1) * w + 4 * 2];
        assertThat(d.inputScaling.invert(newest, 0)).isCloseTo(99.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(d.targetScaling.invert(d.test.y[d.test.n - 1], 0)).isCloseTo(198.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void shortFilesConstantColumnsAndTooShortPartsAreRefused() throws IOException {
        Path shortFile = file("s.csv", 4, r -> r + ",1," + r, "a,b,y");
        assertThatThrownBy(() -> SensorDataset.load(spec(shortFile, 5))).isInstanceOf(DataException.class)
                .hasMessageContaining("4 data rows, fewer than one window of 5");
        Path constant = file("c.csv", 50, r -> r + ",7," + r, "a,b,y");
        assertThatThrownBy(() -> SensorDataset.load(spec(constant, 3))).hasMessageContaining("column 'b' is constant");
        Path small = file("p.csv", 20, r -> r + "," + (r * r) + "," + r, "a,b,y");
        assertThatThrownBy(() -> SensorDataset.load(spec(small, 5))).hasMessageContaining("validation part has 4 rows");
        DataSpec both = spec(constant, 3);
        both.inputs = List.of("a", "y");
        assertThatThrownBy(() -> SensorDataset.load(both)).hasMessageContaining("both an input and a target");
    }

    @Test
    void classificationLabelsAndUnseenClasses() throws IOException {
        Path p = file("k.csv", 100, r -> r + "," + Math.cos(r) + "," + (r < 90 ? r % 2 : 5), "a,b,y");
        DataSpec s = spec(p, 1);
        s.task = Task.CLASSIFICATION;
        assertThatThrownBy(() -> SensorDataset.load(s)).hasMessageContaining("line 92: class 5 of the test part never"
                + " occurs in the training part");
        Path q = file("k2.csv", 100, r -> r + "," + Math.cos(r) + "," + (r % 3 == 0 ? 20 : 3), "a,b,y");
        SensorDataset d = SensorDataset.load(spec(q, 1).copyWithTask(Task.CLASSIFICATION));
        assertThat(d.labels).containsExactly("3", "20");
        assertThat(d.train.labels[0]).isEqualTo(1);
    }

    @Test
    void cyclesLayoutMakesOneWindowPerCycle() throws IOException {
        Path s1 = file("S1.txt", 40, r -> r + "\t" + (r + 1) + "\t" + (r + 2), null);
        Path s2 = file("S2.txt", 40, r -> (r % 5) + "\t" + (r % 7) + "\t" + (r % 3), null);
        Path prof = file("profile.txt", 40, r -> (r % 2 == 0 ? "3" : "100") + "\t" + r, null);
        DataSpec s = new DataSpec();
        s.data = prof;
        s.cycles = List.of(s1, s2);
        s.targets = List.of("1");
        s.task = Task.CLASSIFICATION;
        s.blockSize = 2;
        SensorDataset d = SensorDataset.load(s);
        assertThat(d.inputNames).containsExactly("S1", "S2");
        assertThat(d.train.length).isEqualTo(3);
        assertThat(d.train.features).isEqualTo(2);
        assertThat(d.train.n + d.val.n + d.test.n).isEqualTo(40);
        assertThat(d.labels).containsExactly("3", "100");
        int c = d.train.origin[1];
        // x[t][f]: second 1 of sensor S1 in that cycle is c + 1.
        assertThat(d.inputScaling.invert(d.train.x[1 * 6 + 1 * 2], 0)).isCloseTo(c + 1, org.assertj.core.data.Offset.offset(1e-3));
        Path bad = file("S3.txt", 39, r -> r + "\t1\t2", null);
        DataSpec b = s.copy();
        b.cycles = List.of(s1, bad);
        assertThatThrownBy(() -> SensorDataset.load(b)).hasMessageContaining("39 cycles (rows)");
        DataSpec w = s.copy();
        w.window = 10;
        assertThatThrownBy(() -> SensorDataset.load(w)).hasMessageContaining("one whole cycle");
    }
}
