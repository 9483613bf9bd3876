package reload

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// configMapDir lays out dir as the kubelet mounts a ConfigMap:
// figures.yml -> ..data/figures.yml, ..data -> ..<timestamp>, and the file
// in the timestamped directory. It returns the timestamped directory.
func configMapDir(t testing.TB, dir, stamp, content string) string {
	t.Helper()
	data := filepath.Join(dir, stamp)
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "figures.yml"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(stamp, filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..data", "figures.yml"), filepath.Join(dir, "figures.yml")); err != nil {
		t.Fatal(err)
	}
	return data
}

// swapConfigMap updates a ConfigMap directory as the kubelet's atomic
// writer does: a new timestamped directory, a new ..data link renamed over
// the old one, then the old directory removed.
func swapConfigMap(t testing.TB, dir, oldStamp, newStamp, content string) {
	t.Helper()
	data := filepath.Join(dir, newStamp)
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "figures.yml"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "..data_tmp")
	if err := os.Symlink(newStamp, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, oldStamp)); err != nil {
		t.Fatal(err)
	}
}

func TestWalkLinksThroughAConfigMap(t *testing.T) {
	dir := t.TempDir()
	configMapDir(t, dir, "..2026_11_28_10_00_00.000000001", figuresFile(1))
	file := filepath.Join(dir, "figures.yml")
	links, end := walkLinks(file)
	wantLinks := []string{file, filepath.Join(dir, "..data")}
	wantEnd := filepath.Join(dir, "..2026_11_28_10_00_00.000000001", "figures.yml")
	if !slices.Equal(links, wantLinks) || end != wantEnd {
		t.Errorf("walkLinks(%s) = %v, %s; want %v, %s", file, links, end, wantLinks, wantEnd)
	}

	p := planWatch(WatchList{Files: []string{file}})
	wantDirs := []string{dir, filepath.Join(dir, "..2026_11_28_10_00_00.000000001")}
	if got := slices.Sorted(maps.Keys(p.dirs)); !slices.Equal(got, wantDirs) {
		t.Errorf("watched directories %v, want %v", got, wantDirs)
	}
	for name, want := range map[string]bool{
		file:                                true,
		filepath.Join(dir, "..data"):        true,
		wantEnd:                             true,
		filepath.Dir(wantEnd):               true, // the old data directory removed
		filepath.Join(dir, "..data_tmp"):    false,
		filepath.Join(dir, "other.yml"):     false,
		filepath.Join(dir, ".figures.swp"):  false,
		filepath.Join(filepath.Dir(dir)):    true, // a directory above removed
		filepath.Join(dir, "..2026_x", "a"): false,
	} {
		if got := p.relevant(name); got != want {
			t.Errorf("relevant(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestWalkLinksEndsOnLoopsAndMissingPaths(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.yml"), filepath.Join(dir, "b.yml")
	if err := os.Symlink("b.yml", a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.yml", b); err != nil {
		t.Fatal(err)
	}
	links, _ := walkLinks(a)
	if len(links) != maxLinks+1 {
		t.Errorf("a loop gave %d links, want the walk to stop after %d", len(links), maxLinks+1)
	}

	missing := filepath.Join(dir, "gone", "deeper", "figures.yml")
	links, end := walkLinks(missing)
	if len(links) != 0 || end != missing {
		t.Errorf("walkLinks(%s) = %v, %s", missing, links, end)
	}
	p := planWatch(WatchList{Files: []string{missing}})
	if !p.dirs[dir] || len(p.dirs) != 1 {
		t.Errorf("a missing directory is watched from %v, want its nearest existing ancestor %s", p.dirs, dir)
	}
	if !p.relevant(filepath.Join(dir, "gone")) {
		t.Error("creating the missing directory is not relevant")
	}
}

func TestPlanWatchDirsSeesEveryEntry(t *testing.T) {
	dir := t.TempDir()
	p := planWatch(WatchList{Dirs: []string{dir}})
	if !p.dirs[dir] || !p.relevant(filepath.Join(dir, "2012.csv")) || p.relevant(filepath.Join(dir, "sub", "x.csv")) {
		t.Errorf("plan for a glob directory: dirs %v", p.dirs)
	}
}

func TestDebouncerWaitsForQuietButNotForever(t *testing.T) {
	d := debouncer{quiet: 100 * time.Millisecond, max: time.Second}
	t0 := time.Unix(1000, 0)
	if got := d.event(t0); !got.Equal(t0.Add(100 * time.Millisecond)) {
		t.Errorf("first event: reload at %v", got.Sub(t0))
	}
	if got := d.event(t0.Add(50 * time.Millisecond)); !got.Equal(t0.Add(150 * time.Millisecond)) {
		t.Errorf("second event: reload at %v, want 150ms", got.Sub(t0))
	}
	if got := d.event(t0.Add(990 * time.Millisecond)); !got.Equal(t0.Add(time.Second)) {
		t.Errorf("a long burst: reload at %v, want at most 1s after its first event", got.Sub(t0))
	}
	d.fired()
	t1 := t0.Add(5 * time.Second)
	if got := d.event(t1); !got.Equal(t1.Add(100 * time.Millisecond)) {
		t.Errorf("after firing, a new burst: reload at %v", got.Sub(t1))
	}
}
