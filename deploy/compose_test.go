package deploy_test

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

const composeFile = "docker-compose.yml"

// loadCompose loads a compose file as `docker compose` does: validated
// against the Compose specification's schema (unknown keys are errors),
// interpolated, relative paths resolved against the file's directory.
func loadCompose(t *testing.T, path string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{path},
		cli.WithWorkingDirectory(filepath.Dir(path)),
		// Interpolation sees no variables of the test's environment, so the
		// file's defaults are what is checked.
		cli.WithEnv(nil),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

// pinnedImage matches an image reference with an exact version tag.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./-]+:v?[0-9]+\.[0-9]+\.[0-9]+$`)

// TestComposeStack checks deploy/docker-compose.yml without a container
// engine: it is a valid Compose file; third-party images are pinned; every
// bind-mounted path exists; and the names that tie the stack together agree
// (exporter service and port with the scrape target, Prometheus service with
// the Grafana data source, dashboards mount with the dashboard provider).
func TestComposeStack(t *testing.T) {
	project, err := loadCompose(t, composeFile)
	if err != nil {
		t.Fatal(err)
	}
	exporter, ok := project.Services["figures-exporter"]
	if !ok {
		t.Fatal(`no service "figures-exporter", the host name deploy/prometheus/prometheus.yml scrapes`)
	}
	repoRoot, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if exporter.Build == nil || filepath.Clean(exporter.Build.Context) != repoRoot || exporter.Build.Dockerfile != "Dockerfile" {
		t.Errorf("figures-exporter must build the repository's Dockerfile, got %+v", exporter.Build)
	}
	if !publishes(exporter, exporterPort) {
		t.Errorf("figures-exporter does not publish %d", exporterPort)
	}

	for name, svc := range project.Services {
		if svc.Build == nil && !pinnedImage.MatchString(svc.Image) {
			t.Errorf("service %s: image %q is not pinned to an exact version", name, svc.Image)
		}
		for _, v := range svc.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("service %s mounts %s, which does not exist: %v", name, v.Source, err)
			}
			if !v.ReadOnly {
				t.Errorf("service %s: bind mount %s should be read-only", name, v.Target)
			}
		}
	}

	prometheus := project.Services["prometheus"]
	if src := bindSource(prometheus, "/etc/prometheus"); src != mustAbs(t, promDir) {
		t.Errorf("prometheus must mount %s at /etc/prometheus, mounts %q", promDir, src)
	}

	grafana := project.Services["grafana"]
	for k, want := range map[string]string{"GF_AUTH_ANONYMOUS_ENABLED": "true", "GF_AUTH_ANONYMOUS_ORG_ROLE": "Viewer"} {
		if got := grafana.Environment[k]; got == nil || *got != want {
			t.Errorf("grafana: %s should be %q", k, want)
		}
	}
	if src := bindSource(grafana, "/etc/grafana/provisioning"); src != mustAbs(t, "grafana/provisioning") {
		t.Errorf("grafana must mount grafana/provisioning at /etc/grafana/provisioning, mounts %q", src)
	}
	checkGrafanaProvisioning(t, project, grafana)
}

// checkGrafanaProvisioning strictly decodes the provisioning files and checks
// that they point at the compose stack: the data source at the prometheus
// service, the dashboard provider at the directory compose mounts.
func checkGrafanaProvisioning(t *testing.T, project *types.Project, grafana types.ServiceConfig) {
	var ds struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Name, UID, Type, Access, URL string
			IsDefault                    bool           `yaml:"isDefault"`
			Editable                     bool           `yaml:"editable"`
			JSONData                     map[string]any `yaml:"jsonData"`
		} `yaml:"datasources"`
	}
	decodeStrictYAML(t, "grafana/provisioning/datasources/prometheus.yml", &ds)
	if ds.APIVersion != 1 || len(ds.Datasources) != 1 {
		t.Fatalf("want apiVersion 1 and one data source, got %+v", ds)
	}
	d := ds.Datasources[0]
	if d.UID != "prometheus" || d.Type != "prometheus" || !d.IsDefault {
		t.Errorf("data source must be the default, of type prometheus with uid prometheus (the dashboard uses it): %+v", d)
	}
	u, err := url.Parse(d.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := project.Services[u.Hostname()]; !ok || u.Port() != "9090" || u.Hostname() != "prometheus" {
		t.Errorf("data source url %s does not reach the prometheus service on 9090", d.URL)
	}

	var dash struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Name, Folder, Type    string
			OrgID                 int  `yaml:"orgId"`
			DisableDeletion       bool `yaml:"disableDeletion"`
			AllowUIUpdates        bool `yaml:"allowUiUpdates"`
			UpdateIntervalSeconds int  `yaml:"updateIntervalSeconds"`
			Options               struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	decodeStrictYAML(t, "grafana/provisioning/dashboards/figures.yml", &dash)
	if dash.APIVersion != 1 || len(dash.Providers) != 1 || dash.Providers[0].Type != "file" {
		t.Fatalf("want apiVersion 1 and one file provider, got %+v", dash)
	}
	path := dash.Providers[0].Options.Path
	if path != "/var/lib/grafana/dashboards" {
		t.Errorf("dashboard provider path %q, want /var/lib/grafana/dashboards", path)
	}
	if src := bindSource(grafana, path); src != mustAbs(t, "grafana/dashboards") {
		t.Errorf("grafana must mount grafana/dashboards at %s, mounts %q", path, src)
	}

	// Grafana's file provider skips a file it cannot parse with no more
	// than a log line, so an empty or broken folder is an error here.
	files, err := filepath.Glob("grafana/dashboards/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboard JSON in grafana/dashboards (%v)", err)
	}
	for _, f := range files {
		var board struct{ UID, Title string }
		if err := json.Unmarshal([]byte(readFile(t, f)), &board); err != nil || board.UID == "" || board.Title == "" {
			t.Errorf("%s: want a dashboard with uid and title: %v", f, err)
		}
	}
}

// TestComposeRejectsBrokenCopies shows the loader fails on a misspelled key
// and on a malformed port, and that the pinning check notices a floating tag.
func TestComposeRejectsBrokenCopies(t *testing.T) {
	compose := readFile(t, composeFile)
	for name, content := range map[string]string{
		"unknown key":    replaceOnce(t, compose, "    read_only: true", "    readonly: true"),
		"malformed port": replaceOnce(t, compose, `"127.0.0.1:9090:9090"`, `"127.0.0.1:9090:ninety"`),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), composeFile)
			writeFile(t, path, content)
			if _, err := loadCompose(t, path); err == nil {
				t.Error("the compose loader accepted it")
			}
		})
	}
	for _, image := range []string{"grafana/grafana:latest", "grafana/grafana", "prom/prometheus:v3", "prom/prometheus:main"} {
		if pinnedImage.MatchString(image) {
			t.Errorf("%s counts as pinned", image)
		}
	}
}

func publishes(svc types.ServiceConfig, port uint32) bool {
	for _, p := range svc.Ports {
		if p.Target == port && p.Published == strings.TrimSpace(p.Published) && net.ParseIP(p.HostIP).IsLoopback() {
			return true
		}
	}
	return false
}

// bindSource is the host path bind-mounted at target, or "".
func bindSource(svc types.ServiceConfig, target string) string {
	for _, v := range svc.Volumes {
		if v.Type == types.VolumeTypeBind && v.Target == target {
			return v.Source
		}
	}
	return ""
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// decodeStrictYAML decodes a file into v, rejecting keys v does not declare.
func decodeStrictYAML(t *testing.T, path string, v any) {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(readFile(t, path)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
