package dev.edgetl.softsensor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableReaderTest {
    static Table parse(String text) {
        return TableReader.parse("t.txt", Arrays.asList(text.split("\n", -1)), TableReader.Header.AUTO, null);
    }

    @Test
    void readsWhitespaceWithHeaderAndFortranStyleNumbers() {
        Table t = parse("   a    b \n  2.6890035e-001  6.5e-001\n 1.0e+000 -2.5E-3\n\n");
        assertThat(t.names()).containsExactly("a", "b");
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.value(0, 0)).isEqualTo(0.26890035);
        assertThat(t.value(1, 1)).isEqualTo(-0.0025);
        assertThat(t.line(1)).isEqualTo(3);
    }

    @Test
    void headerlessTabSeparatedColumnsAreNamedByIndex() {
        Table t = parse("1\t2\t3\n4\t5\t6");
        assertThat(t.names()).containsExactly("col1", "col2", "col3");
        assertThat(t.columnIndex("2")).isEqualTo(1);
        assertThat(t.columnIndex("col3")).isEqualTo(2);
    }

    @Test
    void csvSeparatorIsTakenFromTheDataNotFromATitle() {
        Table t = TableReader.parse("sru", List.of("\tSRU data (u1,u2)", "1 2", "3 4"), TableReader.Header.YES,
                List.of("u1", "u2"));
        assertThat(t.names()).containsExactly("u1", "u2");
        assertThat(t.value(1, 1)).isEqualTo(4.0);
        assertThatThrownBy(() -> TableReader.parse("sru", List.of("\tSRU data (u1,u2,u3)", "1 2", "3 4"),
                TableReader.Header.AUTO, null)).isInstanceOf(DataException.class).hasMessageContaining("--columns");
    }

    @Test
    void badCellsNameTheLineAndColumn() {
        assertThatThrownBy(() -> parse("a,b\n1,2\n3,\n")).isInstanceOf(DataException.class)
                .hasMessageContaining("line 3, column 2 ('b'): missing value");
        assertThatThrownBy(() -> parse("a,b\n1,2\n3,x7\n")).hasMessageContaining("line 3, column 2 ('b'): 'x7' is not a number");
        assertThatThrownBy(() -> parse("a b\n1 NaN\n")).hasMessageContaining("line 2, column 2 ('b')")
                .hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> parse("a b\n1 2\nInfinity 2\n")).hasMessageContaining("line 3, column 1 ('a')");
        // A sensor that disappears mid-way: the row is short.
        assertThatThrownBy(() -> parse("a b c\n1 2 3\n4 5\n")).hasMessageContaining("line 3 has 2 cells, expected 3");
        assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("empty");
    }

    @Test
    void unknownColumnsAndIndicesAreNamed() {
        Table t = parse("u1 y\n1 2\n");
        assertThatThrownBy(() -> t.columnIndex("u9")).hasMessageContaining("no column named 'u9'")
                .hasMessageContaining("u1, y");
        assertThatThrownBy(() -> t.columnIndex("3")).hasMessageContaining("out of range 1..2");
    }

    @Test
    void lagsShiftAColumnAndDropTheRowsWithoutAPast() {
        Table t = parse("u y\n1 10\n2 20\n3 30\n4 40\n").withLags(List.of("u", "y@2"));
        assertThat(t.names()).containsExactly("u", "y", "y@2");
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.value(0, 0)).isEqualTo(3.0);
        assertThat(t.value(0, 2)).isEqualTo(10.0);
        assertThat(t.value(1, 2)).isEqualTo(20.0);
        assertThatThrownBy(() -> parse("u y\n1 2\n").withLags(List.of("y@-1"))).hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("u y\n1 2\n").withLags(List.of("y@x"))).hasMessageContaining("whole number");
    }
}
