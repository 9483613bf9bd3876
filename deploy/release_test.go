package deploy_test

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"fmt"
	"os"
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

// releasePlatforms are the platforms deploy/release/build.sh builds.
var releasePlatforms = []struct{ goos, goarch string }{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// ReleaseDirEnv names a directory where deploy/release/build.sh already
// built the binaries: .ci/run builds them as a step of its own (six cross
// builds are minutes of a 2-core machine, more than a package's test
// timeout should carry) and lets this test check them. Unset, the test runs
// the build itself into a temporary directory.
const releaseDirEnv = "FIGURES_EXPORTER_RELEASE_DIR"

// TestReleaseBinaries checks the release build as a person would run it:
// each of the six binaries (its executable format and CPU read from its
// headers, its Go build settings), the checksum file against the files,
// and the version the linux/amd64 binary prints.
func TestReleaseBinaries(t *testing.T) {
	git := e2e.RequireTool(t, "git")
	root := e2e.ModuleRoot(t)
	out := os.Getenv(releaseDirEnv)
	if out == "" {
		out = t.TempDir()
		cmd := exec.Command(filepath.Join(root, "deploy", "release", "build.sh"), out)
		if log, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build.sh: %v\n%s", err, log)
		}
	}
	// The version the build derived, from the name of the linux/amd64 binary.
	matches, err := filepath.Glob(filepath.Join(out, "figures_exporter-*.linux-amd64"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("want one linux/amd64 binary in %s, found %q (%v)", out, matches, err)
	}
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(matches[0]), "figures_exporter-"), ".linux-amd64")

	gitOut := func(args ...string) string {
		out, err := exec.Command(git, append([]string{"-C", root}, args...)...).Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	revision, branch := gitOut("rev-parse", "HEAD"), gitOut("rev-parse", "--abbrev-ref", "HEAD")

	var names []string
	for _, p := range releasePlatforms {
		name := fmt.Sprintf("figures_exporter-%s.%s-%s", version, p.goos, p.goarch)
		if p.goos == "windows" {
			name += ".exe"
		}
		names = append(names, name)
		path := filepath.Join(out, name)
		if err := checkExecutable(path, p.goos, p.goarch); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		info, err := buildinfo.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no Go build information: %v", name, err)
			continue
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		for key, want := range map[string]string{"GOOS": p.goos, "GOARCH": p.goarch, "CGO_ENABLED": "0", "-trimpath": "true"} {
			if settings[key] != want {
				t.Errorf("%s: build setting %s = %q, want %q", name, key, settings[key], want)
			}
		}
		// -trimpath keeps -ldflags out of the build information, so the
		// version set through it is looked for in the binary itself (the
		// linux/amd64 one also prints it below).
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(revision)) {
			t.Errorf("%s: the commit %s is not in the binary", name, revision)
		}
	}

	// The checksum file names exactly the six, each with its file's SHA-256.
	sums := readFile(t, filepath.Join(out, "sha256sums.txt"))
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(sums), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("sha256sums.txt line %q is not sha256sum's format", line)
		}
		listed = append(listed, name)
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("sha256sums.txt lists %s: %v", name, err)
			continue
		}
		if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s: SHA-256 %x, the file says %s", name, got, sum)
		}
	}
	if !slices.Equal(listed, names) {
		t.Errorf("sha256sums.txt lists %q, want %q", listed, names)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names)+1 {
		t.Errorf("%d files in the output, want the %d binaries and sha256sums.txt", len(entries), len(names))
	}

	// The version information, as prometheus/common/version prints it: the
	// version in the names, this checkout's commit and branch, a build
	// user, and the commit's time as the build date.
	committed, err := strconv.ParseInt(gitOut("log", "-1", "--format=%ct"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	got, err := exec.Command(filepath.Join(out, names[0]), "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", names[0], err, got)
	}
	printed := regexp.MustCompile(`(?s)^figures_exporter, version (\S+) \(branch: (\S+), revision: (\S+)\)\n\s+build user:\s+(\S+)\n\s+build date:\s+(\S+)\n.*platform:\s+linux/amd64\n`).FindStringSubmatch(string(got))
	if printed == nil {
		t.Fatalf("--version printed:\n%s", got)
	}
	if printed[1] != version || printed[2] != branch || strings.TrimSuffix(printed[3], "-dirty") != revision || printed[4] == "" {
		t.Errorf("--version: version %s, branch %s, revision %s, user %q; want %s, %s, %s[-dirty], a user",
			printed[1], printed[2], printed[3], printed[4], version, branch, revision)
	}
	if want := time.Unix(committed, 0).UTC().Format("20060102-15:04:05"); printed[5] != want && os.Getenv("SOURCE_DATE_EPOCH") == "" {
		t.Errorf("--version: build date %s, want the commit's time %s", printed[5], want)
	}
}

// checkExecutable reads the file's headers: an executable of the format
// of goos for the CPU of goarch.
func checkExecutable(path, goos, goarch string) error {
	switch goos {
	case "linux":
		f, err := elf.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goarch]
		if f.Type != elf.ET_EXEC || f.Machine != want {
			return fmt.Errorf("ELF %v for %v, want an executable for %v", f.Type, f.Machine, want)
		}
	case "darwin":
		f, err := macho.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		want := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[goarch]
		if f.Type != macho.TypeExec || f.Cpu != want {
			return fmt.Errorf("Mach-O %v for %v, want an executable for %v", f.Type, f.Cpu, want)
		}
	case "windows":
		f, err := pe.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[goarch]
		if f.Machine != want || f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
			return fmt.Errorf("PE machine %#x characteristics %#x, want an executable for %#x", f.Machine, f.Characteristics, want)
		}
	default:
		return fmt.Errorf("no check for %s", goos)
	}
	return nil
}
