package config

import (
	"fmt"
	"strings"
	"testing"
)

// aliasBomb is a figures file of one long scalar anchored once and
// aliased uses times as a label value (and once as a help).
func aliasBomb(size, uses int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "metrics:\n  - name: a\n    help: &big %s\n    labels: [l, i]\n    figures:\n", strings.Repeat("x", size))
	for i := range uses {
		fmt.Fprintf(&b, "      - {l: *big, i: %q, value: 1}\n", fmt.Sprint(i))
	}
	return b.String()
}

// TestAliasesExpandWithinBudget: the file, a 1 MiB scalar aliased
// 999 times (1.09 MB that served a 1 GB body), is refused at the alias
// that passes the budget, once, with its name and sizes; a file whose
// aliases stay within its size plus aliasAllowance loads, and its
// aliases still share one copy.
func TestAliasesExpandWithinBudget(t *testing.T) {
	bomb := aliasBomb(1<<20, 999)
	p := onlyProblem(t, "bomb.yml", bomb)
	// The file's size plus 1 MiB allows two uses of 1 MiB; the third
	// passes it, on the figure of line 8.
	want := fmt.Sprintf("alias *big repeats 1048576 bytes of text, and with it the file's aliases stand for 3145728 bytes: more than the file's own %d bytes plus 1048576", len(bomb))
	if p.Line != 8 || p.Path != "metrics[0].figures[2].l" || !strings.HasPrefix(p.Msg, want) {
		t.Errorf("got %v\nwant line 8, metrics[0].figures[2].l: %s…", p, want)
	}

	// 500 uses of 4 KiB: 2 MB of text through aliases from a 4 KiB +
	// 15 KB file, within the file's size plus 1 MiB? No: 2 MB is past
	// it. 200 uses (800 KiB) are within.
	set, err := Parse("fine.yml", []byte(aliasBomb(4096, 200)))
	if err != nil {
		t.Fatalf("200 aliases of 4 KiB: %v", err)
	}
	figs := set.Metrics[0].Figures
	if len(figs) != 200 || figs[0].LabelValues[0] != strings.Repeat("x", 4096) {
		t.Fatalf("read %d figures", len(figs))
	}
	if _, err := Parse("many.yml", []byte(aliasBomb(4096, 500))); err == nil || !strings.Contains(err.Error(), "alias *big repeats 4096 bytes") {
		t.Errorf("500 aliases of 4 KiB: %v, want refused", err)
	}
}

// TestAliasBudgetCountsHelpAndSources: help and source texts read from
// aliases count as label values do.
func TestAliasBudgetCountsHelpAndSources(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "x-text: &t %s\nmetrics:\n", strings.Repeat("y", 300_000))
	for i := range 8 {
		fmt.Fprintf(&b, "  - name: m%d\n    help: *t\n    labels: [l]\n    source: {title: *t}\n    figures: [{l: a, value: 1}]\n", i)
	}
	_, err := Parse("help.yml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "alias *t repeats 300000 bytes") || strings.Count(err.Error(), "alias *t") != 1 {
		t.Errorf("got %v, want one problem naming alias *t", err)
	}
}
