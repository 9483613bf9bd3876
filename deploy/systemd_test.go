package deploy_test

import (
	"bufio"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

const (
	systemdDir  = "systemd"
	unitName    = "figures_exporter.service"
	envName     = "figures_exporter.env"
	installPath = "/usr/local/bin/figures_exporter"
	// maxExposure is the most systemd-analyze security may rate the unit
	// (0 = fully locked down, 10 = unprotected; 1.2 as written). Anything
	// up to 2 still reads "OK".
	maxExposure = 1.5
)

// unitSettings reads a unit file into section.Key -> values, in order, the
// way systemd reads repeated keys (an empty assignment resets the list; it
// is kept here as an empty value so that CapabilityBoundingSet= shows).
func unitSettings(t *testing.T, text string) map[string][]string {
	t.Helper()
	settings := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("unit line %q is not key=value", line)
			}
			k := section + "." + strings.TrimSpace(key)
			settings[k] = append(settings[k], strings.TrimSpace(value))
		}
	}
	return settings
}

// checkUnit checks what the unit promises an operator, setting by setting.
func checkUnit(settings map[string][]string) problems {
	var p problems
	want := map[string]string{
		"DynamicUser":             "yes",
		"ProtectSystem":           "strict",
		"ProtectHome":             "yes",
		"NoNewPrivileges":         "yes",
		"PrivateTmp":              "yes",
		"PrivateDevices":          "yes",
		"ProtectKernelTunables":   "yes",
		"ProtectKernelModules":    "yes",
		"ProtectKernelLogs":       "yes",
		"ProtectControlGroups":    "yes",
		"CapabilityBoundingSet":   "",
		"AmbientCapabilities":     "",
		"RestrictAddressFamilies": "AF_INET AF_INET6",
		"SystemCallArchitectures": "native",
		"MemoryDenyWriteExecute":  "yes",
		"ExecReload":              "/bin/kill -HUP $MAINPID",
		"Restart":                 "on-failure",
	}
	for key, value := range want {
		got := settings["Service."+key]
		if len(got) != 1 || got[0] != value {
			p.addf("Service.%s = %q, want %q", key, got, value)
		}
	}
	if filters := settings["Service.SystemCallFilter"]; len(filters) == 0 || filters[0] != "@system-service" {
		p.addf("Service.SystemCallFilter = %q, want @system-service first", filters)
	}
	exec := settings["Service.ExecStart"]
	if len(exec) != 1 || !strings.HasPrefix(exec[0], installPath+" ") {
		p.addf("Service.ExecStart = %q, want %s with the env file's flags", exec, installPath)
	}
	if got := settings["Service.EnvironmentFile"]; len(got) != 1 || got[0] != "-/etc/default/figures_exporter" {
		p.addf("Service.EnvironmentFile = %q, want -/etc/default/figures_exporter", got)
	}
	return p
}

// verifiable returns the unit with ExecStart pointing at bin, written to a
// temporary directory: systemd-analyze verify checks that the command
// exists, and nothing is installed in /usr/local/bin here.
func verifiable(t *testing.T, unit, bin string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), unitName)
	writeFile(t, path, replaceOnce(t, unit, "ExecStart="+installPath+" ", "ExecStart="+bin+" "))
	return path
}

// verify runs systemd-analyze verify on a unit file; any message, even a
// warning on a zero exit, counts as a problem.
func verify(t *testing.T, analyze, path string) (string, bool) {
	t.Helper()
	out, ok := run(t, analyze, "verify", "--man=no", "--generators=no", path)
	return out, ok && strings.TrimSpace(out) == ""
}

var exposureLine = regexp.MustCompile(`Overall exposure level for \S+: (\d+\.\d+)`)

// exposure is systemd-analyze security's rating of a unit file, offline.
func exposure(t *testing.T, analyze, path string) float64 {
	t.Helper()
	out, _ := run(t, analyze, "security", "--offline=yes", "--no-pager", path)
	m := exposureLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("systemd-analyze security printed no exposure level:\n%s", out)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSystemdUnit checks deploy/systemd/figures_exporter.service with
// systemd's own tools: verify accepts it without a word, the offline
// security review rates it at most maxExposure, and it carries each
// promised setting.
func TestSystemdUnit(t *testing.T) {
	analyze := e2e.RequireTool(t, "systemd-analyze")
	unit := readFile(t, filepath.Join(systemdDir, unitName))
	for _, problem := range checkUnit(unitSettings(t, unit)) {
		t.Error(problem)
	}
	path := verifiable(t, unit, e2e.BuildExporter(t))
	if out, ok := verify(t, analyze, path); !ok {
		t.Errorf("systemd-analyze verify:\n%s", out)
	}
	if got := exposure(t, analyze, path); got > maxExposure {
		t.Errorf("systemd-analyze security rates the unit %.1f, want at most %.1f", got, maxExposure)
	}
}

// TestSystemdChecksCatchRegressions breaks a copy of the unit in ways each
// check must notice.
func TestSystemdChecksCatchRegressions(t *testing.T) {
	analyze := e2e.RequireTool(t, "systemd-analyze")
	unit := readFile(t, filepath.Join(systemdDir, unitName))
	bin := e2e.BuildExporter(t)

	for name, broken := range map[string]string{
		"misspelt value":     replaceOnce(t, unit, "ProtectSystem=strict", "ProtectSystem=strikt"),
		"unknown setting":    replaceOnce(t, unit, "ProtectHome=yes", "ProtectHomes=yes"),
		"missing executable": replaceOnce(t, unit, "ExecReload=/bin/kill", "ExecReload=/bin/no-such-kill"),
		"unknown syscall set": replaceOnce(t, unit, "SystemCallFilter=@system-service",
			"SystemCallFilter=@system-services"),
	} {
		t.Run("verify/"+name, func(t *testing.T) {
			if out, ok := verify(t, analyze, verifiable(t, broken, bin)); ok {
				t.Errorf("systemd-analyze verify accepted it:\n%s", out)
			}
		})
	}

	// Removing the hardening raises the exposure past the bound.
	var weak []string
	for _, line := range strings.Split(unit, "\n") {
		if strings.HasPrefix(line, "Protect") || strings.HasPrefix(line, "Private") ||
			strings.HasPrefix(line, "SystemCall") || strings.HasPrefix(line, "Restrict") ||
			strings.HasPrefix(line, "CapabilityBoundingSet") || strings.HasPrefix(line, "DynamicUser") {
			continue
		}
		weak = append(weak, line)
	}
	if got := exposure(t, analyze, verifiable(t, strings.Join(weak, "\n"), bin)); got <= maxExposure {
		t.Errorf("without its hardening the unit is rated %.1f, still at most %.1f", got, maxExposure)
	}

	for name, c := range map[string]struct{ old, new, want string }{
		"writable system": {"ProtectSystem=strict", "ProtectSystem=full", "ProtectSystem"},
		"capability kept": {"CapabilityBoundingSet=\n", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", "CapabilityBoundingSet"},
		"unix sockets":    {"RestrictAddressFamilies=AF_INET AF_INET6", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "RestrictAddressFamilies"},
		"reload restarts": {"ExecReload=/bin/kill -HUP $MAINPID", "ExecReload=/bin/kill -TERM $MAINPID", "ExecReload"},
		"a fixed user":    {"DynamicUser=yes", "User=nobody", "DynamicUser"},
		"no filter":       {"SystemCallFilter=@system-service\n", "", "SystemCallFilter"},
	} {
		t.Run("settings/"+name, func(t *testing.T) {
			got := checkUnit(unitSettings(t, replaceOnce(t, unit, c.old, c.new)))
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("want a problem naming %s, got %q", c.want, got)
			}
		})
	}
}

// envArgs reads FIGURES_EXPORTER_ARGS from the env file example.
func envArgs(t *testing.T) []string {
	t.Helper()
	for _, line := range strings.Split(readFile(t, filepath.Join(systemdDir, envName)), "\n") {
		if v, ok := strings.CutPrefix(line, "FIGURES_EXPORTER_ARGS="); ok {
			return strings.Fields(strings.Trim(v, `"`))
		}
	}
	t.Fatalf("%s sets no FIGURES_EXPORTER_ARGS", envName)
	return nil
}

// TestSystemdEnvFileAndReload runs the real binary with the env file's
// flags (its paths moved into a temporary directory, its port to a free
// one, --config.watch left out) and reloads it with the unit's own
// ExecReload command, $MAINPID
// filled in as systemd would: the changed figures are served.
func TestSystemdEnvFileAndReload(t *testing.T) {
	args := envArgs(t)
	dir := t.TempDir()
	figures := filepath.Join(dir, "figures.yml")
	writeFile(t, figures, "metrics:\n  - name: reload_probe\n    help: Which file was read.\n    figures:\n      - value: 1\n")
	var run []string
	for _, a := range args {
		switch {
		case strings.HasPrefix(a, "--config.file="):
			if a != "--config.file=/etc/figures_exporter/figures.yml" {
				t.Errorf("env file: %s, want the figures in the unit's ConfigurationDirectory", a)
			}
			run = append(run, "--config.file="+figures)
		case a == "--config.watch":
			// Left out, so that only the signal can reload.
		case strings.HasPrefix(a, "--web.listen-address="):
			if a != "--web.listen-address=:10187" {
				t.Errorf("env file: %s, want the exporter's port 10187", a)
			}
		default:
			run = append(run, a)
		}
	}
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), run...)

	writeFile(t, figures, "metrics:\n  - name: reload_probe\n    help: Which file was read.\n    figures:\n      - value: 2\n")
	reload := unitSettings(t, readFile(t, filepath.Join(systemdDir, unitName)))["Service.ExecReload"]
	if len(reload) != 1 {
		t.Fatalf("ExecReload = %q", reload)
	}
	command := strings.Fields(strings.ReplaceAll(reload[0], "$MAINPID", strconv.Itoa(exp.Cmd.Process.Pid)))
	if out, err := exec.Command(command[0], command[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(command, " "), err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(exp.Get(t, "/metrics"), "\nreload_probe 2\n") {
		if time.Now().After(deadline) {
			t.Fatalf("the reload did not serve the new figure:\n%s", exp.Stderr())
		}
		select {
		case <-exp.Done():
			t.Fatalf("the exporter exited on %s:\n%s", reload[0], exp.Stderr())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if resp, err := http.Get(exp.URL + "/-/healthy"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after the reload /-/healthy: %v %v", resp, err)
	}
}
