package deploy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// configMapVolume lays out a directory the way the kubelet lays out a
// ConfigMap volume: the files live in a hidden timestamped directory, ..data
// is a symlink to it, and each key is a symlink through ..data. An update
// writes a new timestamped directory and renames a new ..data symlink over
// the old one, so a reader sees the old files or the new ones, never a mix.
// This is why the Deployment mounts the directory and not a subPath.
type configMapVolume struct {
	dir     string
	version int
}

func newConfigMapVolume(t *testing.T, files map[string]string) *configMapVolume {
	t.Helper()
	v := &configMapVolume{dir: t.TempDir()}
	// The exporter runs as nobody and must be able to enter the directory.
	if err := os.Chmod(v.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	v.update(t, files)
	for name := range files {
		if err := os.Symlink(filepath.Join("..data", name), filepath.Join(v.dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// update swaps in new contents for the same keys.
func (v *configMapVolume) update(t *testing.T, files map[string]string) {
	t.Helper()
	v.version++
	stamp := fmt.Sprintf("..2011_01_01_00_00_%02d.%d", v.version, os.Getpid())
	for name, content := range files {
		writeFile(t, filepath.Join(v.dir, stamp, name), content)
	}
	tmp := filepath.Join(v.dir, "..data_tmp")
	if err := os.Symlink(stamp, tmp); err != nil {
		t.Fatal(err)
	}
	old, _ := os.Readlink(filepath.Join(v.dir, "..data"))
	if err := os.Rename(tmp, filepath.Join(v.dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if old != "" {
		if err := os.RemoveAll(filepath.Join(v.dir, old)); err != nil {
			t.Fatal(err)
		}
	}
}
