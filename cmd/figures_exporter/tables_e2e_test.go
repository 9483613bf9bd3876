package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// tablesFigures maps a yearbook-style table (title rows, indicators in
// rows, years across, a note below) onto figures.
const tablesFigures = `figure_files:
  - path: gdp.csv
    rows_as_metrics:
      column: 指标
      metrics:
        "国内生产总值(亿元)": {metric: gdp_yuan, scale: 亿, help: Gross domestic product.}
    columns_as: {label: year, match: '^(\d{4})年$'}
    source: {title: National data, publisher: National Bureau of Statistics of China}
`

func gdpTable(v2022 string) string {
	return "数据库：年度数据\n指标,2022年,2021年\n国内生产总值(亿元)," + v2022 + ",1149237\n注：按当年价格计算。\n"
}

// TestCheckAndRenderAMappedTable: check counts a mapped table's figures
// and lists its gaps as warnings; render serves every cell exactly.
func TestCheckAndRenderAMappedTable(t *testing.T) {
	dir := t.TempDir()
	path := e2e.WriteFile(t, dir, "figures.yml", tablesFigures)
	e2e.WriteFile(t, dir, "gdp.csv", gdpTable(".."))
	code, stdout, stderr := runCommand(t, "check", "--config.file="+path)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	if want := path + ": 1 metrics, 1 figures, 1 sources: OK\n"; stdout != want {
		t.Errorf("check stdout %q, want %q", stdout, want)
	}
	for _, want := range []string{
		dir + `/gdp.csv:3: column "2022年": gap: no figure for gdp_yuan{year="2022"}: the cell is ".."`,
		dir + `/gdp.csv:4: note: row below the data read as notes, not figures: "注：按当年价格计算。"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check does not warn %q:\n%s", want, stderr)
		}
	}
	e2e.WriteFile(t, dir, "gdp.csv", gdpTable("1210207"))
	code, stdout, stderr = runCommand(t, "render", "--config.file="+path)
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"# HELP gdp_yuan Gross domestic product.\n",
		`gdp_yuan{year="2022"} 1.210207e+14` + "\n",
		`gdp_yuan{year="2021"} 1.149237e+14` + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("render lacks %q:\n%s", want, stdout)
		}
	}
	// The dashboard charts it, and backfill stamps each year's figure
	// in its year.
	code, stdout, stderr = runCommand(t, "dashboard", "--config.file="+path)
	if code != 0 || !strings.Contains(stdout, "gdp_yuan") {
		t.Errorf("dashboard: exit %d, stderr %s, gdp_yuan in the output: %v", code, stderr, strings.Contains(stdout, "gdp_yuan"))
	}
	out := filepath.Join(dir, "gdp.om")
	code, _, stderr = runCommand(t, "backfill", "--config.file="+path, "--out="+out)
	if code != 0 || !strings.Contains(stderr, "2 samples") {
		t.Errorf("backfill: exit %d, stderr %q, want 2 samples", code, stderr)
	}
	om, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// 2022-12-31T23:59:59Z: the year label becomes the sample's time.
	if !strings.Contains(string(om), "gdp_yuan 1.210207e+14 1.672531199e+09\n") {
		t.Errorf("backfill wrote:\n%s", om)
	}
	// A broken table fails check with its row and column.
	e2e.WriteFile(t, dir, "gdp.csv", gdpTable("12十"))
	code, _, stderr = runCommand(t, "check", "--config.file="+path)
	if want := `/gdp.csv:3: column "2022年": cannot read "12十" as a number`; code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("check of a broken table: exit %d, stderr lacks %q:\n%s", code, want, stderr)
	}
}

// TestWatchedMappedTableKeepsTheLastGoodSet: the watch reloads a mapped
// table when it changes, and a table that fails leaves the last good set
// served.
func TestWatchedMappedTableKeepsTheLastGoodSet(t *testing.T) {
	t.Parallel()
	bin := e2e.BuildExporter(t)
	dir := t.TempDir()
	path := e2e.WriteFile(t, dir, "figures.yml", tablesFigures)
	e2e.WriteFile(t, dir, "gdp.csv", gdpTable("1210207"))
	e := e2e.StartExporter(t, bin, "--config.file="+path, "--config.watch")
	serves := func(want string) {
		t.Helper()
		e2e.Eventually(t, e2eWait, "the exporter to serve "+want, func() bool {
			return strings.Contains(e.Get(t, "/metrics"), want+"\n")
		})
	}
	serves(`gdp_yuan{year="2022"} 1.210207e+14`)
	if page := e.Get(t, "/figures"); !strings.Contains(page, "gdp_yuan") || !strings.Contains(page, "National Bureau of Statistics of China") {
		t.Errorf("the figures page lacks the mapped table's metric or its source:\n%s", page)
	}
	replaceFile(t, dir+"/gdp.csv", gdpTable("1210208"))
	serves(`gdp_yuan{year="2022"} 1.210208e+14`)
	replaceFile(t, dir+"/gdp.csv", gdpTable("twelve"))
	e2e.Eventually(t, e2eWait, "the failed reload to be counted", func() bool {
		line := selfLine(e.Get(t, "/metrics"), `figures_exporter_config_reloads_total{result="failure"}`)
		return line != "" && line != `figures_exporter_config_reloads_total{result="failure"} 0`
	})
	serves(`gdp_yuan{year="2022"} 1.210208e+14`)
}
