package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The docs cannot drift: every example figures file of README.md and of
// every docs/*.md loads, and every example command they show runs, with
// the output they show. docs/development.md ("Docs that cannot drift")
// gives the rules a doc's author follows; a doc added later is covered
// without anything to do here.

// docBlock is one fenced code block of a Markdown file.
type docBlock struct {
	doc    string // the file, relative to the module root
	line   int    // of the opening fence
	lang   string // after the fence: yaml, sh, ...
	marker string // the HTML comment on the line before the fence, without <!-- -->
	text   string // the content, with the fence's indentation removed
}

func (b docBlock) String() string { return fmt.Sprintf("%s:%d", b.doc, b.line) }

var (
	fenceLine  = regexp.MustCompile("^(\\s*)```\\s*([A-Za-z0-9_+-]*)\\s*$")
	markerLine = regexp.MustCompile(`^\s*<!--\s*(.*?)\s*-->\s*$`)
	// figuresKey is a top-level key that only a figures file has.
	figuresKey = regexp.MustCompile(`(?m)^(metrics|figure_files):`)
)

// docBlocks returns the fenced blocks of the Markdown file doc.
func docBlocks(t *testing.T, root, doc string) []docBlock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, doc))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var blocks []docBlock
	for i := 0; i < len(lines); i++ {
		m := fenceLine.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := docBlock{doc: doc, line: i + 1, lang: m[2]}
		if i > 0 {
			if mm := markerLine.FindStringSubmatch(lines[i-1]); mm != nil {
				b.marker = mm[1]
			}
		}
		indent := m[1]
		var text []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			text = append(text, strings.TrimPrefix(lines[i], indent))
		}
		b.text = strings.Join(text, "\n") + "\n"
		blocks = append(blocks, b)
	}
	return blocks
}

// namedFile is where a block marked <!-- figures-file: PATH [part] --> goes.
func (b docBlock) namedFile() (path string, part bool, ok bool) {
	rest, ok := strings.CutPrefix(b.marker, "figures-file:")
	if !ok {
		return "", false, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", false, false
	}
	return fields[0], len(fields) > 1 && fields[1] == "part", true
}

func (b docBlock) isFiguresFile() bool {
	return (b.lang == "yaml" || b.lang == "yml") && figuresKey.MatchString(b.text)
}

// docFiles lists README.md and docs/*.md, relative to root.
func docFiles(t *testing.T, root string) []string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"README.md"}
	for _, d := range docs {
		files = append(files, filepath.Join("docs", filepath.Base(d)))
	}
	return files
}

// docDir makes the directory a doc's examples run in: the files README.md
// names (the first figures file every doc builds on), then the doc's own,
// and every top-level entry of the module (config/, deploy/, ...) so that
// the module's files are reachable by the paths the docs give them.
func docDir(t *testing.T, root string, readme, blocks []docBlock) string {
	t.Helper()
	dir := t.TempDir()
	for _, set := range [][]docBlock{readme, blocks} {
		for _, b := range set {
			name, _, ok := b.namedFile()
			if !ok {
				continue
			}
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		link := filepath.Join(dir, e.Name())
		if _, err := os.Lstat(link); err == nil {
			continue // the doc's own file of that name wins
		}
		if err := os.Symlink(filepath.Join(root, e.Name()), link); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// docCommand is one command a doc shows.
type docCommand struct {
	args   []string // after figures_exporter
	out    string   // the file stdout is redirected to; "" for none
	want   string   // the output shown, for a $ block
	expect bool     // whether want is to be compared
}

// runnable are the subcommands the test runs; serving, and commands of
// other programs, are not run.
var runnable = []string{"check", "render", "backfill", "dashboard", "init"}

// parseCommand reads one command line as the shell would for the simple
// commands docs show: words, '…' and "…" quoting, a comment, a pipe (the
// rest is not run) and a > redirection. It is written by hand because a
// shell word splitter is all that is needed and none is among the
// module's dependencies. ok is false for a command the test does not run.
func parseCommand(line string) (docCommand, bool) {
	var words []string
	var word strings.Builder
	inWord := false
	var quote rune
	flush := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
scan:
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				word.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			flush()
		case r == '#' && !inWord, r == '|':
			break scan
		case r == '>':
			flush()
			words = append(words, ">")
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	flush()
	var c docCommand
	if i := slices.Index(words, ">"); i >= 0 {
		if i+1 < len(words) {
			c.out = words[i+1]
		}
		words = words[:i]
	}
	switch {
	case len(words) >= 1 && words[0] == "figures_exporter":
		words = words[1:]
	case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/figures_exporter":
		words = words[3:]
	default:
		return c, false
	}
	if len(words) == 0 || !slices.Contains(runnable, words[0]) {
		return c, false
	}
	c.args = words
	return c, true
}

// commands returns the commands of a block: each line (joined with the
// next after a trailing \) of a sh block, or each $ line of a block that
// starts with one, with the lines after it as its output.
func (b docBlock) commands() []docCommand {
	var cmds []docCommand
	lines := strings.Split(strings.TrimSuffix(b.text, "\n"), "\n")
	switch {
	case b.lang == "sh" || b.lang == "shell" || b.lang == "bash":
		for i := 0; i < len(lines); i++ {
			line := lines[i]
			for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
				i++
				line = strings.TrimSuffix(line, "\\") + " " + lines[i]
			}
			if c, ok := parseCommand(strings.TrimPrefix(strings.TrimSpace(line), "$ ")); ok {
				cmds = append(cmds, c)
			}
		}
	case len(lines) > 0 && strings.HasPrefix(lines[0], "$ "):
		for i := 0; i < len(lines); i++ {
			c, ok := parseCommand(strings.TrimPrefix(lines[i], "$ "))
			var out []string
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "$ ") {
				i++
				out = append(out, lines[i])
			}
			if ok {
				c.want, c.expect = strings.Join(out, "\n")+"\n", true
				cmds = append(cmds, c)
			}
		}
	}
	return cmds
}

// docCommandTimeout bounds each command a doc shows: an example that
// makes the exporter hang fails the test rather than hanging it.
const docCommandTimeout = 2 * time.Minute

// runIn runs the command line args in dir, as the binary would there.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(context.Background(), args, &stdout, &stderr) }()
	select {
	case code := <-done:
		return code, stdout.String(), stderr.String()
	case <-time.After(docCommandTimeout):
		t.Fatalf("figures_exporter %s in %s did not finish within %s", strings.Join(args, " "), dir, docCommandTimeout)
		return 0, "", ""
	}
}

// eachDoc runs fn on README.md and every docs/*.md, each in a subtest,
// with its blocks and the directory its examples run in.
func eachDoc(t *testing.T, fn func(t *testing.T, blocks []docBlock, dir string)) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme := docBlocks(t, root, "README.md")
	for _, doc := range docFiles(t, root) {
		t.Run(doc, func(t *testing.T) {
			blocks := docBlocks(t, root, doc)
			fn(t, blocks, docDir(t, root, readme, blocks))
		})
	}
}

func TestDocsExamplesLoad(t *testing.T) {
	checked := 0
	eachDoc(t, func(t *testing.T, blocks []docBlock, dir string) {
		for _, b := range blocks {
			if !b.isFiguresFile() || b.marker == "figures-fragment" {
				continue
			}
			name, part, named := b.namedFile()
			if part {
				continue // checked through the file that loads it
			}
			where := dir
			if !named {
				// Alone, in a directory of its own.
				where, name = t.TempDir(), "example.yml"
				if err := os.WriteFile(filepath.Join(where, name), []byte(b.text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			checked++
			if code, _, stderr := runIn(t, where, "check", "--config.file", name); code != 0 {
				t.Errorf("%s: the example figures file does not load (mark it <!-- figures-fragment --> if it is a piece of one, or name the files it needs with <!-- figures-file: PATH -->):\n%s", b, stderr)
			}
		}
	})
	if checked == 0 {
		t.Error("no example figures file found in the docs")
	}
}

func TestDocsCommandsRun(t *testing.T) {
	ran := 0
	eachDoc(t, func(t *testing.T, blocks []docBlock, dir string) {
		for _, b := range blocks {
			for _, c := range b.commands() {
				ran++
				code, stdout, stderr := runIn(t, dir, c.args...)
				if c.out != "" {
					if err := os.WriteFile(filepath.Join(dir, c.out), []byte(stdout), 0o644); err != nil {
						t.Fatal(err)
					}
					stdout = ""
				}
				line := "figures_exporter " + strings.Join(c.args, " ")
				switch {
				case c.expect && stdout+stderr != c.want:
					t.Errorf("%s: %s prints\n%s\nwhere the doc shows\n%s", b, line, stdout+stderr, c.want)
				case !c.expect && code != 0:
					t.Errorf("%s: %s exits %d:\n%s", b, line, code, stderr)
				}
			}
		}
	})
	if ran == 0 {
		t.Error("no example command found in the docs")
	}
}
