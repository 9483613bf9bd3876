package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// alertRules is the example alert of docs/reload.md, taken from the first
// yaml block after its heading, so that the documented rule is the tested
// one.
func alertRules(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(e2e.ModuleRoot(t), "docs", "reload.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## Alerting on a failed reload")
	if !ok {
		t.Fatal("docs/reload.md has no alerting section")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the alerting section has no yaml block")
	}
	rules, _, ok := strings.Cut(block, "```")
	if !ok {
		t.Fatal("the yaml block does not end")
	}
	return rules
}

// TestDocumentedReloadAlert checks the documented alert with the real
// promtool: the rules are valid, and the alert fires once a reload has been
// failing for five minutes, not before, with its documented annotations.
func TestDocumentedReloadAlert(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	dir := t.TempDir()
	e2e.WriteFile(t, dir, "rules.yml", alertRules(t))
	if out, err := exec.Command(promtool, "check", "rules", filepath.Join(dir, "rules.yml")).CombinedOutput(); err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	e2e.WriteFile(t, dir, "rules_test.yml", `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      # Reloads succeed, then fail from minute 2 on.
      - series: 'figures_exporter_config_last_reload_successful{instance="figures:10187",job="figures"}'
        values: '1 1 0 0 0 0 0 0 0 0 0'
    alert_rule_test:
      - eval_time: 1m
        alertname: FiguresExporterReloadFailed
        exp_alerts: []
      - eval_time: 6m
        alertname: FiguresExporterReloadFailed
        exp_alerts: []
      - eval_time: 8m
        alertname: FiguresExporterReloadFailed
        exp_alerts:
          - exp_labels: {severity: warning, instance: "figures:10187", job: figures}
            exp_annotations:
              summary: "figures_exporter on figures:10187 cannot load its changed figures"
              description: "The last reload of the figures files failed, so the exporter still serves the figures it loaded before. Its log, or POST /-/reload, gives the error with the file, line and place in the file."
`)
	cmd := exec.Command(promtool, "test", "rules", "rules_test.yml")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool test rules: %v\n%s", err, out)
	}
}
