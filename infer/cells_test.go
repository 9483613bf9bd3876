package infer

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
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

// TestCurrencyCellsOfFiveThirtyEight: a table whose incomes are printed
// "$65,548 " (a dollar sign, commas, a space after): init took the column
// for a label, so its 169 figures were served as label values; each is
// now a figure, the number printed.
func TestCurrencyCellsOfFiveThirtyEight(t *testing.T) {
	const file = "fivethirtyeight_special_elections.csv"
	written, served, stats := initServe(t, file)
	metricOf := writtenMetrics(t, written)
	data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", file))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	labels := []string{"date", "state", "race"}
	want := map[string]float64{}
	dollars := 0
	for _, row := range rows[1:] {
		for j := 3; j < len(row); j++ {
			c := strings.TrimSpace(row[j])
			if c == "N/A" {
				continue
			}
			if s, ok := strings.CutPrefix(c, "$"); ok {
				dollars++
				c = s
			}
			c = strings.ReplaceAll(c, ",", "")
			if s, ok := strings.CutSuffix(c, "%"); ok {
				c = s + "e-2" // strconv rounds the decimal once, as a percentage is read
			}
			v, err := strconv.ParseFloat(c, 64)
			if err != nil {
				t.Fatalf("%q: %v", row[j], err)
			}
			want[seriesKey(metricOf[header[j]], labels, row[:3])] = v
		}
	}
	if dollars < 100 {
		t.Fatalf("the cut lost its dollars: %d", dollars)
	}
	compare(t, want, served)
	if stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
	}
}

// The forms of cells published tables print (docs/tables.md, Cells as
// published), read here by hand for the invariant test, not by config's
// reading of cells: what follows the number (flags, footnote marks, a
// currency), what precedes it (a currency), parentheses, digits grouped
// by spaces, full-width digits.
var (
	markAfterNumber = regexp.MustCompile(`^(.*[0-9%)])\s*(?:\[[0-9A-Za-z*]{1,3}\]|\([A-Za-z]{1,2}\)|[*†‡§¶]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[bcdefnprsuz]{1,4}|[$€£¥円元]|USD|EUR|GBP)$`)
	currencyFirst   = regexp.MustCompile(`^([-−]?)\s*(?:US\$|HK\$|CN¥|\$|€|£|¥)\s*`)
	japaneseMinus   = strings.NewReplacer("△", "-", "▲", "-")
	spaceGroups     = regexp.MustCompile(`([0-9])[ \x{00a0}\x{202f}\x{2009}']([0-9]{3})`)
	fullWidth       = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "，", ",", "．", ".", "－", "-", "％", "%")
)

// asPrinted writes a table's cell in the value grammar's form: the
// number printed, without what the cell carried; parentheses are a
// minus with parentheses: negative.
func asPrinted(text, parentheses string) string {
	s := strings.TrimSpace(japaneseMinus.Replace(fullWidth.Replace(text)))
	for range 3 {
		if m := markAfterNumber.FindStringSubmatch(s); m != nil {
			s = strings.TrimSpace(m[1])
		}
	}
	s = currencyFirst.ReplaceAllString(s, "$1")
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(currencyFirst.ReplaceAllString(s[1:len(s)-1], "$1"))
		if parentheses == "negative" {
			s = "-" + s
		}
	}
	for range 3 {
		s = spaceGroups.ReplaceAllString(s, "$1$2")
	}
	return s
}
