package reload

import (
	"os"
	"path/filepath"
	"strings"
)

// WatchList is what the file watch covers. It is asked for again before and
// after every reload, so that it follows the set being served.
type WatchList struct {
	// Files are watched through their directories, never directly: an
	// editor renaming a new file over the old one, a file removed and made
	// again, and a Kubernetes ConfigMap swapping its ..data symbolic link
	// all change a directory entry, while a watch on the file itself would
	// follow the old inode away. Every symbolic link on the way to a file is
	// watched too.
	Files []string
	// Dirs are directories where every entry matters: the directories of
	// globs, where a file created later must be seen.
	Dirs []string
}

// maxLinks is how many symbolic links a path may go through, as on Linux;
// more is a loop.
const maxLinks = 40

// watchPlan is a WatchList worked out on the file system as it is now: the
// directories to watch and the paths whose events matter.
type watchPlan struct {
	dirs  map[string]bool // to watch
	names map[string]bool // an event on one of these, or on a directory above one, matters
	anyIn map[string]bool // an event on any entry of these matters
}

// planWatch works out what to watch for list. Paths that do not exist are
// watched from their nearest existing directory, so that a removed file,
// or a removed directory, is seen when it comes back.
func planWatch(list WatchList) watchPlan {
	p := watchPlan{dirs: map[string]bool{}, names: map[string]bool{}, anyIn: map[string]bool{}}
	for _, f := range list.Files {
		f = absolute(f)
		links, end := walkLinks(f)
		for _, n := range append(links, f, end) {
			p.names[n] = true
			p.dirs[existingDir(filepath.Dir(n))] = true
		}
	}
	for _, d := range list.Dirs {
		d = absolute(d)
		links, end := walkLinks(d)
		for _, n := range append(links, d, end) {
			p.names[n] = true
			p.dirs[existingDir(filepath.Dir(n))] = true
		}
		for _, n := range []string{d, end} {
			p.anyIn[n] = true
			p.dirs[existingDir(n)] = true
		}
	}
	return p
}

// relevant says whether an event on name can change what the watched
// files hold or where their paths lead.
func (p watchPlan) relevant(name string) bool {
	name = filepath.Clean(name)
	if p.names[name] || p.anyIn[filepath.Dir(name)] {
		return true
	}
	// A directory above a watched path was removed, renamed or made.
	prefix := name + string(filepath.Separator)
	for n := range p.names {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// walkLinks follows path one component at a time, as the kernel does, and
// returns every symbolic link it goes through and the path it ends at. A
// ConfigMap's figures.yml -> ..data/figures.yml with ..data -> ..2026_x
// gives the links figures.yml and ..data and ends at ..2026_x/figures.yml.
// A missing component ends the walk there (the file may come back); a loop
// ends it after maxLinks links.
func walkLinks(path string) (links []string, end string) {
	resolved := string(filepath.Separator)
	rest := components(path)
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			resolved = filepath.Dir(resolved)
			continue
		}
		next := filepath.Join(resolved, c)
		info, err := os.Lstat(next)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			resolved = next
			if err != nil {
				return links, filepath.Join(append([]string{next}, rest...)...)
			}
			continue
		}
		links = append(links, next)
		target, err := os.Readlink(next)
		if err != nil || len(links) > maxLinks {
			return links, next
		}
		if filepath.IsAbs(target) {
			resolved = string(filepath.Separator)
		}
		rest = append(components(target), rest...)
	}
	return links, resolved
}

func components(path string) []string {
	return strings.Split(filepath.ToSlash(path), "/")
}

func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// existingDir is dir, or its nearest ancestor that exists.
func existingDir(dir string) string {
	for {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}
