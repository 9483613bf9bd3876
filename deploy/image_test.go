package deploy_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// Version information passed to the image build, checked in the binary and
// the image labels.
const (
	imageTag      = "localhost/figures-exporter:test"
	imageVersion  = "0.0.0-imagetest"
	imageRevision = "0123456789abcdef0123456789abcdef01234567"
	// readyWithin bounds the wait for the containerized exporter to serve,
	// so that a hang fails the test instead of the whole run.
	readyWithin = 60 * time.Second
)

// TestImage builds the repository's Dockerfile offline with
// deploy/image/build-local.sh, then checks the image as a user meets it: its
// configuration, the version baked in by -ldflags, the embedded report served
// to a real scrape by a process running as nobody, and figures mounted the way
// deploy/kubernetes mounts its ConfigMap.
func TestImage(t *testing.T) {
	store := buildahStore{bin: e2e.RequireTool(t, "buildah")}
	if os.Geteuid() != 0 {
		e2e.Unavailable(t, "buildah's vfs store and chroot isolation need root")
	}
	dir := t.TempDir()
	store.root, store.runroot = filepath.Join(dir, "root"), filepath.Join(dir, "run")

	build := exec.CommandContext(buildContext(t), "bash", filepath.Join("image", "build-local.sh"), imageTag)
	// Its own process group, so that a cancelled build takes buildah and the
	// compilers it started along instead of leaving them running.
	build.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	build.Cancel = func() error { return syscall.Kill(-build.Process.Pid, syscall.SIGKILL) }
	build.WaitDelay = 10 * time.Second
	build.Env = append(os.Environ(),
		"BUILDAH_ROOT="+store.root, "BUILDAH_RUNROOT="+store.runroot,
		"VERSION="+imageVersion, "REVISION="+imageRevision, "BRANCH=imagetest",
		"BUILD_USER=imagetest", "BUILD_DATE=20110101-00:00:00")
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build-local.sh: %v\n%s", err, out)
	}
	t.Logf("built %s in %s", imageTag, time.Since(start).Round(time.Second))

	t.Run("config", func(t *testing.T) { checkImageConfig(t, store) })
	t.Run("version", func(t *testing.T) {
		out := runInImage(t, store, nil, "--version")
		for _, want := range []string{"version " + imageVersion, "revision: " + imageRevision, "branch: imagetest", "build user:       imagetest"} {
			if !strings.Contains(out, want) {
				t.Errorf("--version output lacks %q (ldflags -X paths wrong?):\n%s", want, out)
			}
		}
	})
	t.Run("serves the embedded report as nobody", func(t *testing.T) {
		c := startInImage(t, store, nil)
		body := c.get(t, "/metrics")
		for _, want := range []string{
			`aid_yuan{year="2011"} 8.40264e+08`,
			`figures_exporter_build_info{branch="imagetest"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("scrape lacks %q", want)
			}
		}
		status := c.procStatus(t)
		for _, want := range []string{"Uid:\t65534\t65534\t65534\t65534", "Gid:\t65534\t65534\t65534\t65534"} {
			if !strings.Contains(status, want) {
				t.Errorf("exporter process should run as 65534:65534 (USER), /proc status has:\n%s", status)
			}
		}
	})
	t.Run("serves and reloads figures mounted like the Kubernetes ConfigMap", func(t *testing.T) {
		// The Deployment's own arguments: a flag the binary lacks would
		// make the pods crash-loop.
		args := deploymentArgs(t)
		if missing := unknownFlags(runInImage(t, store, nil, "--help"), args); len(missing) > 0 {
			t.Fatalf("deploy/kubernetes/deployment.yaml passes %q, which figures_exporter does not have", missing)
		}
		figures := readFile(t, filepath.Join(k8sDir, "figures.yml"))
		vol := newConfigMapVolume(t, map[string]string{"figures.yml": figures})
		c := startInImage(t, store, []string{"--volume", vol.dir + ":/etc/figures:ro"}, args...)
		body := c.get(t, "/metrics")
		for _, want := range kubernetesFiguresSeries {
			if !strings.Contains(body, want) {
				t.Errorf("scrape lacks %q from deploy/kubernetes/figures.yml:\n%s", want, body)
			}
		}
		if strings.Contains(body, "schools_built") {
			t.Error("scrape still has the embedded report's schools_built; --config.file was not used")
		}

		// What the kubelet does when the ConfigMap changes: new files in a
		// new directory, then an atomic swap of the ..data symlink.
		vol.update(t, map[string]string{"figures.yml": replaceOnce(t, figures, "value: 840264000", "value: 123")})
		c.waitFor(t, "/metrics", `aid_yuan{year="2011"} 123`)
	})
}

// unknownFlags returns the args whose flag the --help text does not list.
func unknownFlags(help string, args []string) []string {
	var missing []string
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		if !strings.Contains(help, " "+name+" ") && !strings.Contains(help, " "+name+"[") {
			missing = append(missing, a)
		}
	}
	return missing
}

// buildContext ends the image build a little before the test binary's own
// -timeout would: past that, go test kills the binary without running any
// cleanup, which would leave the build running and its store on disk.
func buildContext(t *testing.T) context.Context {
	deadline, ok := t.Deadline()
	if !ok {
		return context.Background()
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(-time.Minute))
	t.Cleanup(cancel)
	return ctx
}

// checkImageConfig asserts what `docker run` and registries read from the
// image: user, port, entrypoint and the OCI labels.
func checkImageConfig(t *testing.T, store buildahStore) {
	var image struct {
		OCIv1 struct {
			Config struct {
				User         string
				ExposedPorts map[string]struct{}
				Entrypoint   []string
				Cmd          []string
				Labels       map[string]string
			} `json:"config"`
		}
	}
	if err := json.Unmarshal([]byte(store.run(t, "inspect", "--type", "image", imageTag)), &image); err != nil {
		t.Fatal(err)
	}
	cfg := image.OCIv1.Config
	if cfg.User != "65534:65534" {
		t.Errorf("User = %q, want 65534:65534", cfg.User)
	}
	if _, ok := cfg.ExposedPorts["10187/tcp"]; !ok || len(cfg.ExposedPorts) != 1 {
		t.Errorf("ExposedPorts = %v, want only 10187/tcp", cfg.ExposedPorts)
	}
	if !slices.Equal(cfg.Entrypoint, []string{"/bin/figures_exporter"}) || len(cfg.Cmd) != 0 {
		t.Errorf("Entrypoint %q Cmd %q, want [/bin/figures_exporter] and no Cmd (so arguments are flags)", cfg.Entrypoint, cfg.Cmd)
	}
	wantLabels := map[string]string{
		"org.opencontainers.image.title":    "figures_exporter",
		"org.opencontainers.image.source":   "https://github.com/figures-exporter/figures_exporter",
		"org.opencontainers.image.licenses": "Apache-2.0",
		"org.opencontainers.image.version":  imageVersion,
		"org.opencontainers.image.revision": imageRevision,
	}
	for k, want := range wantLabels {
		if got := cfg.Labels[k]; got != want {
			t.Errorf("label %s = %q, want %q", k, got, want)
		}
	}
	if cfg.Labels["org.opencontainers.image.description"] == "" {
		t.Error("label org.opencontainers.image.description is empty")
	}
}
