package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.stream.Estimate;
import dev.edgetl.runtime.stream.SoftSensor;
import dev.edgetl.runtime.stream.SoftSensorCard;
import dev.edgetl.runtime.testing.LstmModels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgetl stream} in-process on LSTM soft-sensor models built here, with their card embedded or beside. */
class StreamCommandTest {
    static final int L = 4;
    static final String REGRESSION_CARD = """
            {"kind": "softsensor", "task": "regression", "model": "lstm", "inputs": ["u1", "u2", "u3"],
             "targets": ["y"], "window": {"length": 4, "stride": 1},
             "inputScaling": {"method": "standard", "mean": [1.0, -3.0, 0.25], "std": [0.5, 2.0, 0.1]},
             "targetScaling": {"method": "standard", "mean": [40.0], "std": [3.0]},
             "metrics": {"r2": 0.9}, "seed": 42}
            """;
    static final String CLASSIFICATION_CARD = """
            {"kind": "softsensor", "task": "classification", "model": "lstm", "inputs": ["u1", "u2", "u3"],
             "targets": ["cooler"], "labels": ["3", "20", "100"], "window": {"length": 4, "stride": 1},
             "inputScaling": {"method": "standard", "mean": [0, 0, 0], "std": [1, 1, 1]}}
            """;

    @TempDir Path dir;

    Path model(String card, int outputs, boolean softmax) throws Exception {
        LstmModels b = new LstmModels();
        b.length = L;
        b.features = 3;
        b.cells = 5;
        b.headOutputs = outputs;
        b.softmax = softmax;
        b.metadata = card == null ? null : card.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("sensor" + outputs + softmax + (card == null) + ".tflite");
        Files.write(p, b.build());
        return p;
    }

    static CommandTestSupport stream(String stdin, String... args) {
        return CommandTestSupport.execute(new StreamCommand(Backend.scalar(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    static double[][] rows(int n) {
        Random rnd = new Random(7);
        double[][] r = new double[n][3];
        for (double[] row : r) {
            row[0] = 1 + 0.5 * rnd.nextGaussian();
            row[1] = -3 + 2 * rnd.nextGaussian();
            row[2] = 0.25 + 0.1 * rnd.nextGaussian();
        }
        return r;
    }

    /** The estimates SoftSensor gives for {@code rows}, formatted like the command's CSV. */
    static List<String> expected(Path model, String card, double[][] rows) throws Exception {
        SoftSensorCard c = SoftSensorCards.parse(card.getBytes(StandardCharsets.UTF_8), "card");
        List<String> out = new ArrayList<>();
        try (SoftSensor s = SoftSensor.open(ModelReader.read(model), c)) {
            for (double[] r : rows) {
                Optional<Estimate> e = s.push(r);
                out.add(e.isPresent() ? Float.toString((float) e.get().value(0)) : "NA");
            }
        }
        return out;
    }

    @Test
    void csvWithHeaderPicksColumnsByNameAndPrintsOneEstimatePerRow() throws Exception {
        Path m = model(REGRESSION_CARD, 1, false);
        double[][] r = rows(10);
        StringBuilder in = new StringBuilder("time,u3,extra,u1,u2\n");
        for (int k = 0; k < r.length; k++) {
            in.append(String.format(Locale.ROOT, "%d,%.7e,99,%.7e,%.7e%n", k, r[k][2], r[k][0], r[k][1]));
        }
        CommandTestSupport res = stream(in.toString(), "--model", m.toString());
        assertThat(res.exit).as(res.toString()).isZero();
        String[] lines = res.out.split("\\R");
        assertThat(lines[0]).isEqualTo("line,y");
        assertThat(lines).hasSize(11);
        // The command read the rounded numbers; SoftSensor gets the same rounded values.
        double[][] rounded = new double[r.length][3];
        for (int k = 0; k < r.length; k++) {
            for (int f = 0; f < 3; f++) {
                rounded[k][f] = Double.parseDouble(String.format(Locale.ROOT, "%.7e", r[k][f]));
            }
        }
        List<String> want = expected(m, REGRESSION_CARD, rounded);
        for (int k = 0; k < r.length; k++) {
            assertThat(lines[k + 1]).isEqualTo((k + 2) + "," + want.get(k));
        }
        assertThat(lines[1]).isEqualTo("2,NA");
        assertThat(lines[L]).doesNotContain("NA");
    }

    @Test
    void whitespaceWithoutHeaderAndCardFileWithJsonLines() throws Exception {
        Path m = model(null, 1, false);
        Path card = dir.resolve("card.json");
        Files.writeString(card, REGRESSION_CARD);
        double[][] r = rows(6);
        StringBuilder in = new StringBuilder("# sensors u1 u2 u3\n");
        for (double[] row : r) {
            in.append(String.format(Locale.ROOT, "  %.9e\t%.9e   %.9e%n%n", row[0], row[1], row[2]));
        }
        CommandTestSupport res = stream(in.toString(), "--model", m.toString(), "--card", card.toString(),
                "--format", "jsonl");
        assertThat(res.exit).as(res.toString()).isZero();
        String[] lines = res.out.split("\\R");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).isEqualTo("{\"line\":2,\"y\":null}");
        assertThat(lines[3]).startsWith("{\"line\":8,\"y\":").doesNotContain("null");
    }

    @Test
    void columnsNameAHeaderlessInputWithExtraColumns() throws Exception {
        Path m = model(REGRESSION_CARD, 1, false);
        double[][] r = rows(5);
        StringBuilder in = new StringBuilder();
        for (double[] row : r) {
            in.append(String.format(Locale.ROOT, "%s;%s;0;%s%n", row[1], row[0], row[2]));
        }
        CommandTestSupport res = stream(in.toString(), "--model", m.toString(), "--columns", "u2,u1,z,u3");
        assertThat(res.exit).as(res.toString()).isZero();
        List<String> want = expected(m, REGRESSION_CARD, r);
        assertThat(res.out.split("\\R")[5]).isEqualTo("5," + want.get(4));
    }

    @Test
    void classificationPrintsLabelAndProbabilities() throws Exception {
        Path m = model(CLASSIFICATION_CARD, 3, true);
        StringBuilder in = new StringBuilder("u1 u2 u3\n");
        for (double[] row : rows(5)) {
            in.append(row[0]).append(' ').append(row[1]).append(' ').append(row[2]).append('\n');
        }
        CommandTestSupport res = stream(in.toString(), "--model", m.toString());
        assertThat(res.exit).as(res.toString()).isZero();
        String[] lines = res.out.split("\\R");
        assertThat(lines[0]).isEqualTo("line,label,p_3,p_20,p_100");
        assertThat(lines[1]).isEqualTo("2,NA,NA,NA,NA");
        String[] last = lines[5].split(",");
        assertThat(last[1]).isIn("3", "20", "100");
        double sum = Double.parseDouble(last[2]) + Double.parseDouble(last[3]) + Double.parseDouble(last[4]);
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        CommandTestSupport json = stream(in.toString(), "--model", m.toString(), "--format", "jsonl");
        assertThat(json.out.split("\\R")[4]).startsWith("{\"line\":6,\"label\":\"").contains("\"probabilities\":{\"3\":");
    }

    @Test
    void badRowsStopWithTheLineAndColumn() throws Exception {
        Path m = model(REGRESSION_CARD, 1, false);
        String head = "u1,u2,u3\n1,2,3\n1,2,3\n";
        CommandTestSupport missing = stream(head + "1,2\n", "--model", m.toString());
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).contains("line 4 has 2 columns, expected 3 (column 3 'u3' is missing)");
        assertThat(missing.out).contains("3,NA");

        CommandTestSupport text = stream(head + "1,abc,3\n", "--model", m.toString());
        assertThat(text.err).contains("line 4, column 2 'u2': 'abc' is not a number");
        CommandTestSupport empty = stream(head + "1,,3\n", "--model", m.toString());
        assertThat(empty.err).contains("line 4, column 2 'u2': empty cell");
        CommandTestSupport nan = stream(head + "1,2,NaN\n", "--model", m.toString());
        assertThat(nan.exit).isEqualTo(1);
        assertThat(nan.err).contains("line 4: sample 3, column 3 'u3' is NaN");
        CommandTestSupport inf = stream(head + "1,2,-Infinity\n", "--model", m.toString());
        assertThat(inf.err).contains("column 3 'u3' is -Infinity");

        CommandTestSupport header = stream("u1,u3,x\n1,2,3\n", "--model", m.toString());
        assertThat(header.err).contains("the header (line 1) lacks the model's inputs [u2]");
        CommandTestSupport width = stream("1 2 3 4\n", "--model", m.toString());
        assertThat(width.err).contains("line 1 has 4 columns and no header; the model takes 3 inputs [u1, u2, u3]");
        CommandTestSupport shortFile = stream("u1,u2,u3\n1,2,3\n", "--model", m.toString());
        assertThat(shortFile.exit).isZero();
        assertThat(shortFile.err).contains("only 1 rows, fewer than one window of 4");
    }

    @Test
    void badCardsAreRefused() throws Exception {
        Path noCard = model(null, 1, false);
        CommandTestSupport none = stream("", "--model", noCard.toString());
        assertThat(none.exit).isEqualTo(1);
        assertThat(none.err).contains("has no edgetl.softsensor metadata and no model.json beside it");
        Path constant = dir.resolve("constant.json");
        Files.writeString(constant, REGRESSION_CARD.replace("\"std\": [0.5, 2.0, 0.1]", "\"std\": [0.5, 0, 0.1]"));
        CommandTestSupport zero = stream("", "--model", noCard.toString(), "--card", constant.toString());
        assertThat(zero.err).contains("inputScaling std of column 2 'u2' is 0.0 (a constant column");
        Path notSoft = dir.resolve("image.json");
        Files.writeString(notSoft, "{\"input\": {\"mean\": [127.5]}}");
        assertThat(stream("", "--model", noCard.toString(), "--card", notSoft.toString()).err)
                .contains("\"kind\" is missing; a soft-sensor card has \"kind\": \"softsensor\"");
        Path wrongWindow = dir.resolve("window.json");
        Files.writeString(wrongWindow, REGRESSION_CARD.replace("\"length\": 4", "\"length\": 5"));
        assertThat(stream("", "--model", noCard.toString(), "--card", wrongWindow.toString()).err)
                .contains("does not take one float32 window of 5 samples x 3 inputs");
    }

    /**
     * The real Debutanizer file (whitespace, header u1..u7 y, numbers like 2.6890035e-001) through an LSTM with
     * random weights and a 20-sample window: the column y is ignored, every row gets an output line, and the
     * estimates equal SoftSensor's on the same numbers.
     */
    @Test
    void streamsTheRealDebutanizerFile() throws Exception {
        Path data = dev.edgetl.runtime.testing.Fixtures.require("softsensor/debutanizer/Debutanizer_Column_Data.txt");
        String card = """
                {"kind": "softsensor", "task": "regression", "model": "lstm",
                 "inputs": ["u1", "u2", "u3", "u4", "u5", "u6", "u7"], "targets": ["y"],
                 "window": {"length": 20, "stride": 1},
                 "inputScaling": {"method": "standard", "mean": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                                  "std": [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]},
                 "targetScaling": {"method": "standard", "mean": [0.2], "std": [0.1]}}
                """;
        LstmModels b = new LstmModels();
        b.length = 20;
        b.features = 7;
        b.cells = 16;
        b.headOutputs = 1;
        b.metadata = card.getBytes(StandardCharsets.UTF_8);
        Path m = dir.resolve("debutanizer_lstm.tflite");
        Files.write(m, b.build());
        List<String> text = Files.readAllLines(data);
        CommandTestSupport res = stream(String.join("\n", text), "--model", m.toString());
        assertThat(res.exit).as(res.err).isZero();
        String[] lines = res.out.split("\\R");
        assertThat(lines).hasSize(2395);
        assertThat(lines[19]).isEqualTo("20,NA");
        double[][] rows = new double[2394][7];
        for (int k = 0; k < rows.length; k++) {
            String[] cells = text.get(k + 1).trim().split("\\s+");
            for (int f = 0; f < 7; f++) {
                rows[k][f] = Double.parseDouble(cells[f]);
            }
        }
        List<String> want = expected(m, card, rows);
        for (int k : new int[] {19, 20, 1000, 2393}) {
            assertThat(lines[k + 1]).isEqualTo((k + 2) + "," + want.get(k));
        }
    }

    @Test
    void benchReportsPerSampleLatency() throws Exception {
        Path m = model(REGRESSION_CARD, 1, false);
        CommandTestSupport res = stream("", "--model", m.toString(), "--bench", "30");
        assertThat(res.exit).as(res.toString()).isZero();
        assertThat(res.out).contains("samples   30 timed (30 estimates)").containsPattern("per sample p50 \\d+\\.\\d+ ms  p90");
        CommandTestSupport json = stream("", "--model", m.toString(), "--bench", "10", "--format", "jsonl");
        assertThat(json.out).contains("\"samples\":10").contains("\"p50Ms\":").contains("\"p90Ms\":");
    }
}
