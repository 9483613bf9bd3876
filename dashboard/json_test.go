package dashboard

import (
	"encoding/json"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// The tests read the dashboard back from its JSON, as Grafana does, rather
// than from the SDK's structs: what counts is what the file says.

type jsonDashboard struct {
	UID        string      `json:"uid"`
	Title      string      `json:"title"`
	Panels     []jsonPanel `json:"panels"`
	Templating struct {
		List []jsonVariable `json:"list"`
	} `json:"templating"`
}

type jsonVariable struct {
	Type       string          `json:"type"`
	Name       string          `json:"name"`
	Label      string          `json:"label"`
	Query      string          `json:"query"`
	Definition string          `json:"definition"`
	Datasource *jsonDatasource `json:"datasource"`
	Multi      bool            `json:"multi"`
	IncludeAll bool            `json:"includeAll"`
	AllValue   string          `json:"allValue"`
	Refresh    int             `json:"refresh"`
	Current    struct {
		Text  any `json:"text"`
		Value any `json:"value"`
	} `json:"current"`
}

type jsonPanel struct {
	ID          int                      `json:"id"`
	Type        string                   `json:"type"`
	Title       string                   `json:"title"`
	Description string                   `json:"description"`
	Datasource  *jsonDatasource          `json:"datasource"`
	GridPos     struct{ X, Y, W, H int } `json:"gridPos"`
	Targets     []jsonTarget             `json:"targets"`
	Options     map[string]any           `json:"options"`
	FieldConfig struct {
		Defaults struct {
			Unit     string   `json:"unit"`
			Decimals *float64 `json:"decimals"`
		} `json:"defaults"`
		Overrides []struct {
			Matcher struct {
				ID      string `json:"id"`
				Options string `json:"options"`
			} `json:"matcher"`
			Properties []struct {
				ID    string `json:"id"`
				Value any    `json:"value"`
			} `json:"properties"`
		} `json:"overrides"`
	} `json:"fieldConfig"`
	Transformations []struct {
		ID      string         `json:"id"`
		Options map[string]any `json:"options"`
	} `json:"transformations"`
}

type jsonDatasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type jsonTarget struct {
	Datasource   *jsonDatasource `json:"datasource"`
	Expr         string          `json:"expr"`
	Instant      bool            `json:"instant"`
	Range        bool            `json:"range"`
	Format       string          `json:"format"`
	LegendFormat string          `json:"legendFormat"`
	RefID        string          `json:"refId"`
}

// decode builds the dashboard of set and reads it back from JSON.
func decode(t *testing.T, set *config.Set) (jsonDashboard, []byte) {
	t.Helper()
	raw, err := JSON(set)
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	var d jsonDashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	return d, raw
}

// transformation returns the options of the panel's transformation with
// the given id, or nil.
func (p jsonPanel) transformation(id string) map[string]any {
	for _, tr := range p.Transformations {
		if tr.ID == id {
			return tr.Options
		}
	}
	return nil
}

// rowOf maps each panel's id to the title of the row above it.
func (d jsonDashboard) rowOf() map[int]string {
	rows := map[int]string{}
	row := ""
	for _, p := range d.Panels {
		if p.Type == "row" {
			row = p.Title
			continue
		}
		rows[p.ID] = row
	}
	return rows
}

func mustParse(t *testing.T, yaml string) *config.Set {
	t.Helper()
	set, err := config.Parse("test.yml", []byte(yaml))
	if err != nil {
		t.Fatalf("parsing the test figures: %v", err)
	}
	return set
}

// scaleFigures is the real-shaped set of several thousand figures.
func scaleFigures() string { return string(synth.RealShapedYAML()) }
