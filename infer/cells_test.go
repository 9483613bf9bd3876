package infer

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// eurostatCell is a cell of Eurostat's TSV as Eurostat documents it: the
// value, a space, then its flags (e estimated, u low reliability, p
// provisional, …), or ":" and flags for no figure. Read here with
// strconv, not with config's reading of cells.
var eurostatCell = regexp.MustCompile(`^(-?[0-9]+(?:\.[0-9]+)?) ?([a-z]*)$`)

// TestFlaggedCellsOfEurostat: Eurostat prints flags after the values
// (7.2 u, 5.2 e); init used to take the columns holding them for labels
// ("no column holds numbers" on a long table) and served none of their
// figures. Every figure is served as the number printed, by its row
// dimensions and geo, the dimension across (time\geo), and the flags are
// counted in the file's comments.
func TestFlaggedCellsOfEurostat(t *testing.T) {
	const file = "eurostat_hlth_ehis_al1c.tsv"
	written, served, stats := initServe(t, file)
	lines := readLines(t, file)
	header := strings.Split(lines[0], "\t")
	dims := strings.Split(strings.SplitN(header[0], `\`, 2)[0], ",")
	labels := append(dims, "geo")
	want := map[string]float64{}
	flags := map[string]int{}
	for _, line := range lines[1:] {
		cells := strings.Split(line, "\t")
		codes := strings.Split(cells[0], ",")
		for j, c := range cells[1:] {
			c = strings.TrimSpace(c)
			if strings.HasPrefix(c, ":") {
				continue
			}
			m := eurostatCell.FindStringSubmatch(c)
			if m == nil {
				t.Fatalf("%q is not a Eurostat cell", c)
			}
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range m[2] {
				flags[string(f)]++
			}
			want[seriesKey("eurostat_hlth_ehis_al1c", labels, append(codes, strings.TrimSpace(header[j+1])))] = v
		}
	}
	if flags["e"] == 0 || flags["u"] == 0 {
		t.Fatalf("the cut lost its flags: %v", flags)
	}
	compare(t, want, served)
	if stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
	}
	if !strings.Contains(string(written), "figures carry marks after the number (u ×29, e ×8:") {
		t.Errorf("the written file does not say which flags the figures carry:\n%s", written)
	}
}
