package dashboard

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// TestJSONMatchesGrafanasSchemaStrictly decodes the JSON with the SDK's
// strict decoder, whose types are generated from Grafana's own dashboard
// and panel schemas: a field Grafana does not know, a missing required
// field or a value of the wrong type fails, for the dashboard and for the
// options, field config and queries of every panel type it uses. No
// Grafana runs here, so this is the closest check of the file against
// what Grafana accepts.
func TestJSONMatchesGrafanasSchemaStrictly(t *testing.T) {
	// The strict decoder only knows panel options and queries of the
	// plugins registered with it; unregistered ones it takes as any.
	plugins.RegisterDefaultPlugins()
	sets := testSets(t)
	// With label variables: multi-select query variables and their
	// default selections.
	sets["scale"] = mustParse(t, scaleFigures())
	sets["escaping"] = mustParse(t, escapingFigures)
	for name, set := range sets {
		t.Run(name, func(t *testing.T) {
			_, raw := decode(t, set)
			var strict dashboard.Dashboard
			if err := strictDecode(&strict, raw); err != nil {
				t.Fatalf("Grafana's schema rejects the dashboard:\n%v", err)
			}
			// The strict decoder checks but drops the panels it checked
			// (an SDK quirk), so the round trip below reads with the
			// plugin-aware plain decoder.
			var d dashboard.Dashboard
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(); err != nil {
				t.Fatalf("the dashboard breaks a constraint of Grafana's schema:\n%v", err)
			}
			// Read back and written again, nothing is lost or added:
			// every field written is one the schema types hold.
			again, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(again, &got); err != nil {
				t.Fatal(err)
			}
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if !bytes.Equal(w, g) {
				t.Errorf("the dashboard changes when read and written by the SDK:\nwritten: %s\nread:    %s", w, g)
			}
		})
	}
}

// TestStrictDecoderRejectsUnknownFields shows the check above can fail.
func TestStrictDecoderRejectsUnknownFields(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	_, raw := decode(t, testSets(t)["custom"])
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	panel := generic["panels"].([]any)[1].(map[string]any)
	panel["options"].(map[string]any)["xFeild"] = "year"
	broken, _ := json.Marshal(generic)
	var d dashboard.Dashboard
	err := strictDecode(&d, broken)
	if err == nil || !strings.Contains(err.Error(), "xFeild") {
		t.Fatalf("a misspelt panel option passed the strict decoder: %v", err)
	}
}

// strictDecode is UnmarshalJSONStrict, except that no problems is no
// error: the SDK returns its empty list of problems as a non-nil error.
func strictDecode(d *dashboard.Dashboard, raw []byte) error {
	err := d.UnmarshalJSONStrict(raw)
	if errs, ok := err.(cog.BuildErrors); ok && len(errs) == 0 {
		return nil
	}
	return err
}
