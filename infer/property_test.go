package infer

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// recordTable makes a record table as statistics are published: text
// keys, a year, numeric codes crossed as a grid (age groups, sex), then
// measures with gaps; with some empty label cells and repeated rows, as
// real tables have them.
func recordTable(r *rand.Rand) string {
	var header []string
	var keys [][]string
	if r.IntN(3) > 0 {
		header = append(header, "Entity")
		var vs []string
		for i := range 1 + r.IntN(4) {
			vs = append(vs, fmt.Sprintf("Country %c", 'A'+i))
		}
		keys = append(keys, vs)
	}
	if r.IntN(3) > 0 {
		header = append(header, "Year")
		var vs []string
		for y := range 1 + r.IntN(5) {
			vs = append(vs, fmt.Sprint(1990+y))
		}
		keys = append(keys, vs)
	}
	for i := range r.IntN(3) {
		header = append(header, []string{"age", "sex", "region_code"}[i])
		var vs []string
		for v := range 2 + r.IntN(4) {
			vs = append(vs, fmt.Sprint(v*5))
		}
		keys = append(keys, vs)
	}
	if len(keys) == 0 {
		header = append(header, "Entity")
		keys = append(keys, []string{"World", "Europe"})
	}
	measures := 1 + r.IntN(3)
	for i := range measures {
		header = append(header, fmt.Sprintf("measure %d", i+1))
	}
	lines := []string{strings.Join(header, ",")}
	twice := r.IntN(10) == 0
	var cross func(prefix []string, i int)
	cross = func(prefix []string, i int) {
		if i == len(keys) {
			row := append([]string(nil), prefix...)
			if len(row) > 0 && r.IntN(20) == 0 {
				row[r.IntN(len(row))] = "" // an empty label cell
			}
			for range measures {
				switch r.IntN(10) {
				case 0:
					row = append(row, "")
				case 1:
					row = append(row, "..")
				default:
					row = append(row, fmt.Sprintf("%.*f", r.IntN(3), r.Float64()*1e4))
				}
			}
			lines = append(lines, strings.Join(row, ","))
			if twice && r.IntN(10) == 0 {
				lines = append(lines, lines[len(lines)-1]) // a row printed twice
				twice = false
			}
			return
		}
		for _, v := range keys[i] {
			if r.IntN(20) == 0 {
				continue // a combination the table lacks
			}
			cross(append(prefix, v), i+1)
		}
	}
	cross(nil, 0)
	return strings.Join(lines, "\n") + "\n"
}

// TestInitPropertyOnRecordTables: for generated record tables, init
// either refuses saying why, or writes a file that check accepts and
// that serves exactly the figures of the cells.
func TestInitPropertyOnRecordTables(t *testing.T) {
	refused := 0
	reasons := map[string]int{}
	const n = 300
	for seed := range uint64(n) {
		text := recordTable(rand.New(rand.NewPCG(seed, 7)))
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			if err := initInvariant(t, "t.csv", []byte(text), true); err != nil {
				refused++
				why := regexp.MustCompile(`\d+`).ReplaceAllString(err.Error(), "N")
				reasons[why[:min(len(why), 50)]]++
				if !strings.Contains(err.Error(), "t.csv: ") || !strings.Contains(err.Error(), "run init again") && !strings.Contains(err.Error(), "no rows below") && !strings.Contains(err.Error(), "no column holds numbers") {
					t.Errorf("refused without saying what to do: %v\n%s", err, text)
				}
			}
			if t.Failed() {
				t.Logf("the table:\n%s", text)
			}
		})
	}
	if refused > n/2 {
		t.Errorf("init refused %d of %d generated tables", refused, n)
	}
	t.Logf("%d of %d tables refused", refused, n)
	for why, n := range reasons {
		t.Logf("%d refused: %s", n, why)
	}
}

// FuzzInitPassesCheck: whatever CSV init accepts, check accepts what it
// wrote, and serves the number of figures init counted.
func FuzzInitPassesCheck(f *testing.F) {
	for seed := range uint64(20) {
		f.Add([]byte(recordTable(rand.New(rand.NewPCG(seed, 7)))))
	}
	f.Add([]byte("Title,Year,Gross\nA,2001,5\n,2002,6\nB,2003,7\n"))
	f.Add([]byte("pollno,race,partisan,pct\n1,a,,5\n2,a,,6\n3,b,D,7\n"))
	f.Add([]byte("longitude,latitude,speed\n0.1,1,3\n0.2,1,4\n0.1,2,5\n0.2,2,6\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		res, err := Infer([]Input{{Path: "tables/t.csv", Data: data}})
		if err != nil {
			return
		}
		served := serve(t, "t.csv", data, res.File)
		if len(served) != res.Stats.Figures {
			t.Errorf("init counts %d figures, config serves %d\n%s", res.Stats.Figures, len(served), res.File)
		}
	})
}
