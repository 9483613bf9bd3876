package exposition

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/config"
)

// TestOpenMetricsUnits: in OpenMetrics, a family whose name ends with its
// unit has a # UNIT line giving that ending, right after its TYPE; a
// family without a unit, or whose declared unit is not its name's ending,
// has none; the text format has none at all; protobuf carries the same
// units. Each format decodes back to them.
func TestOpenMetricsUnits(t *testing.T) {
	set, err := config.Parse("units.yml", []byte(`
metrics:
  - {name: aid_yuan, help: Aid., figures: [{value: 1}]}
  - {name: gdp_USD, help: GDP., figures: [{value: 2}]}
  - {name: gdp, help: GDP declared in dollars., unit: usd, figures: [{value: 3}]}
  - {name: state_engineers_ratio, help: A share., figures: [{value: 0.0034}]}
  - {name: labor_export_person_times, help: Labor export., figures: [{value: 5}]}
  - {name: schools_built, help: Schools., figures: [{value: 6}]}
  - {name: ratio_to_base_year, help: Growth., base: "2010", figures: [{value: 1.2}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"aid_yuan": "yuan", "gdp_USD": "USD", "state_engineers_ratio": "ratio",
		"labor_export_person_times": "person_times",
	}
	h := New(NewSnapshot(set), Options{}).MetricsHandler(promslog.NewNopLogger())
	for f := range numFormats {
		resp, body := scrapeAs(t, h, http.MethodGet, f, false, nil)
		plain := plainBody(t, resp, body, f, false)
		got := map[string]string{}
		for _, mf := range decodeExposition(t, plain, f) {
			if mf.GetUnit() != "" {
				got[mf.GetName()] = mf.GetUnit()
			}
		}
		switch f {
		case formatText:
			if len(got) != 0 || strings.Contains(string(plain), "# UNIT") {
				t.Errorf("the text format has units %v", got)
			}
		case formatOpenMetrics:
			if !strings.Contains(string(plain), "# TYPE aid_yuan gauge\n# UNIT aid_yuan yuan\naid_yuan 1\n") {
				t.Errorf("no # UNIT line after aid_yuan's TYPE:\n%s", plain)
			}
			fallthrough
		default:
			if len(got) != len(want) {
				t.Errorf("%s: units %v, want %v", formatNames[f], got, want)
			}
			for name, unit := range want {
				if got[name] != unit {
					t.Errorf("%s: %s has unit %q, want %q", formatNames[f], name, got[name], unit)
				}
			}
		}
	}
}
