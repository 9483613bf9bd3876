package deploy_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

const promDir = "prometheus"

// promFiles are the files of deploy/prometheus that promtool reads together.
var promFiles = []string{"prometheus.yml", "rules.yml", "rules_test.yml"}

// TestPrometheusConfig checks the scrape configuration and, because
// `promtool check config` also loads the rule files it names, the rules too.
// It runs without --syntax-only on purpose: that flag skips the rule files.
// The compose host name figures-exporter does not resolve here, which shows
// that promtool 2.42 does not resolve static targets.
func TestPrometheusConfig(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	out, ok := run(t, promtool, "check", "config", filepath.Join(promDir, "prometheus.yml"))
	if !ok {
		t.Fatalf("promtool check config failed:\n%s", out)
	}
	if !strings.Contains(out, "1 rule files found") {
		t.Errorf("promtool did not load the rule file:\n%s", out)
	}

	var cfg struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	decodeYAML(t, readFile(t, filepath.Join(promDir, "prometheus.yml")), &cfg)
	if !slices.Equal(cfg.RuleFiles, []string{"rules.yml"}) {
		t.Errorf("rule_files = %q, want [rules.yml]", cfg.RuleFiles)
	}
	if len(cfg.ScrapeConfigs) != 1 || cfg.ScrapeConfigs[0].JobName != "figures" {
		t.Fatalf("want exactly one scrape job named figures (the alerts select job=\"figures\"), got %+v", cfg.ScrapeConfigs)
	}
	job := cfg.ScrapeConfigs[0]
	if job.MetricsPath != "/metrics" {
		t.Errorf("metrics_path = %q, want /metrics", job.MetricsPath)
	}
	if len(job.StaticConfigs) != 1 || !slices.Equal(job.StaticConfigs[0].Targets, []string{"figures-exporter:10187"}) {
		t.Errorf("targets = %+v, want [figures-exporter:10187] (the compose service)", job.StaticConfigs)
	}
}

// TestPrometheusConfigRejectsBrokenCopies shows that the check above can fail,
// both on the configuration itself and on the rule file it loads.
func TestPrometheusConfigRejectsBrokenCopies(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	config := readFile(t, filepath.Join(promDir, "prometheus.yml"))
	rules := readFile(t, filepath.Join(promDir, "rules.yml"))
	cases := map[string]struct{ config, rules string }{
		"unknown config field":  {replaceOnce(t, config, "scrape_interval:", "scrape_intervall:"), rules},
		"timeout over interval": {replaceOnce(t, config, "metrics_path: /metrics", "metrics_path: /metrics\n    scrape_timeout: 1m"), rules},
		"invalid rule PromQL":   {config, replaceOnce(t, rules, `up{job="figures"} == 0`, `up{job="figures" == 0`)},
		"missing rule file":     {replaceOnce(t, config, "- rules.yml", "- no-such-rules.yml"), rules},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "prometheus.yml"), c.config)
			writeFile(t, filepath.Join(dir, "rules.yml"), c.rules)
			if out, ok := run(t, promtool, "check", "config", filepath.Join(dir, "prometheus.yml")); ok {
				t.Errorf("promtool check config accepted a broken copy:\n%s", out)
			}
		})
	}
}

func TestAlertRulesCheck(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	out, ok := run(t, promtool, "check", "rules", filepath.Join(promDir, "rules.yml"))
	if !ok {
		t.Fatalf("promtool check rules failed:\n%s", out)
	}
	if !strings.Contains(out, "3 rules found") {
		t.Errorf("want 3 rules found:\n%s", out)
	}

	rules := readFile(t, filepath.Join(promDir, "rules.yml"))
	broken := map[string]string{
		"invalid PromQL":   replaceOnce(t, rules, "figures_exporter_figures == 0", "figures_exporter_figures =="),
		"unknown field":    replaceOnce(t, rules, "for: 10m", "for: 10m\n        fro: 10m"),
		"invalid duration": replaceOnce(t, rules, "for: 10m", "for: ten minutes"),
		"bad template":     replaceOnce(t, rules, "{{ $labels.instance }} serves", "{{ $labels.instance serves"),
	}
	for name, content := range broken {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "rules.yml")
			writeFile(t, path, content)
			if out, ok := run(t, promtool, "check", "rules", path); ok {
				t.Errorf("promtool check rules accepted a broken copy:\n%s", out)
			}
		})
	}
}

// TestAlertRulesUnitTests runs rules_test.yml, then runs it again against
// rules that were changed in ways a reviewer could miss (a shorter `for`, a
// wrong threshold, a lost label) to show that the unit tests notice.
func TestAlertRulesUnitTests(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	out, ok := run(t, promtool, "test", "rules", filepath.Join(promDir, "rules_test.yml"))
	if !ok {
		t.Fatalf("promtool test rules failed:\n%s", out)
	}
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules did not report SUCCESS:\n%s", out)
	}

	rules := readFile(t, filepath.Join(promDir, "rules.yml"))
	mutants := map[string]string{
		"down fires too early":       replaceOnce(t, rules, "== 0\n        for: 5m\n        labels:\n          severity: critical", "== 0\n        for: 1m\n        labels:\n          severity: critical"),
		"down selects every job":     replaceOnce(t, rules, `up{job="figures"} == 0`, `up == 0`),
		"down severity lowered":      replaceOnce(t, rules, "severity: critical", "severity: warning"),
		"reload fires too late":      replaceOnce(t, rules, "last_reload_successful == 0\n        for: 5m", "last_reload_successful == 0\n        for: 10m"),
		"reload inverted":            replaceOnce(t, rules, "last_reload_successful == 0", "last_reload_successful == 1"),
		"no figures fires too early": replaceOnce(t, rules, "for: 10m", "for: 5m"),
		"no figures threshold wrong": replaceOnce(t, rules, "figures_exporter_figures == 0", "figures_exporter_figures < 100"),
		"summary changed":            replaceOnce(t, rules, "serves no figures", "has no figures"),
	}
	for name, content := range mutants {
		t.Run(name, func(t *testing.T) {
			dir := copyFiles(t, promDir, promFiles...)
			writeFile(t, filepath.Join(dir, "rules.yml"), content)
			if out, ok := run(t, promtool, "test", "rules", filepath.Join(dir, "rules_test.yml")); ok {
				t.Errorf("promtool test rules passed against changed rules:\n%s", out)
			}
		})
	}
}

// wantAlerts is the alerting contract of issue 6: name, expression, duration.
var wantAlerts = []alertRule{
	{Alert: "FiguresExporterDown", Expr: `up{job="figures"} == 0`, For: "5m"},
	{Alert: "FiguresExporterReloadFailed", Expr: "figures_exporter_config_last_reload_successful == 0", For: "5m"},
	{Alert: "FiguresExporterNoFigures", Expr: "figures_exporter_figures == 0", For: "10m"},
}

type alertRule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// TestAlertRulesContract checks what promtool cannot: the exact set of alerts,
// that each is routable (severity) and explained (summary, description), and
// that rules_test.yml has both a firing and a silent case for every alert.
func TestAlertRulesContract(t *testing.T) {
	got := repoAlertRules(t)
	if len(got) != len(wantAlerts) {
		t.Fatalf("got %d rules, want %d", len(got), len(wantAlerts))
	}
	for i, want := range wantAlerts {
		r := got[i]
		if r.Alert != want.Alert || r.Expr != want.Expr || r.For != want.For {
			t.Errorf("rule %d = %s %q for %s, want %s %q for %s", i, r.Alert, r.Expr, r.For, want.Alert, want.Expr, want.For)
		}
		if s := r.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s: severity label %q, want critical or warning", r.Alert, s)
		}
		for _, a := range []string{"summary", "description"} {
			if strings.TrimSpace(r.Annotations[a]) == "" {
				t.Errorf("%s: missing %s annotation", r.Alert, a)
			}
		}
	}

	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string `yaml:"alertname"`
				ExpAlerts []any  `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
		} `yaml:"tests"`
	}
	decodeYAML(t, readFile(t, filepath.Join(promDir, "rules_test.yml")), &tests)
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, tg := range tests.Tests {
		for _, at := range tg.AlertRuleTest {
			if len(at.ExpAlerts) > 0 {
				fires[at.Alertname] = true
			} else {
				silent[at.Alertname] = true
			}
		}
	}
	for _, want := range wantAlerts {
		if !fires[want.Alert] || !silent[want.Alert] {
			t.Errorf("rules_test.yml must test %s both firing (%v) and not firing (%v)", want.Alert, fires[want.Alert], silent[want.Alert])
		}
	}
}

// repoAlertRules returns the rules of deploy/prometheus/rules.yml in order.
func repoAlertRules(t *testing.T) []alertRule {
	t.Helper()
	var file struct {
		Groups []struct {
			Name  string      `yaml:"name"`
			Rules []alertRule `yaml:"rules"`
		} `yaml:"groups"`
	}
	decodeYAML(t, readFile(t, filepath.Join(promDir, "rules.yml")), &file)
	var rules []alertRule
	for _, g := range file.Groups {
		rules = append(rules, g.Rules...)
	}
	return rules
}

// decodeYAML decodes s into v. Unknown fields are allowed: v declares only the
// fields a test looks at, and promtool already rejects unknown ones.
func decodeYAML(t *testing.T, s string, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("decoding YAML: %v", err)
	}
}
