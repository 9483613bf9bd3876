package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ArtifactsEnv names a directory where end-to-end tests leave what a
// person should look at (screenshots); CI can keep it. Unset, artifacts go
// to the test's temporary directory and their paths are logged.
const ArtifactsEnv = "FIGURES_EXPORTER_ARTIFACTS"

// SaveArtifact writes data as name in the artifacts directory and logs
// where it went.
func SaveArtifact(t testing.TB, name string, data []byte) string {
	t.Helper()
	dir := os.Getenv(ArtifactsEnv)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("artifact: %s", path)
	return path
}

// StartBrowser starts Debian's headless Chromium for the test, with a new
// empty profile and nothing that reaches beyond loopback (no background
// networking, component updates, sync or QUIC), and returns a chromedp
// context for one tab. The browser stops when the test ends.
func StartBrowser(t testing.TB) context.Context {
	t.Helper()
	path := RequireTool(t, "chromium")
	profile, err := os.MkdirTemp("", "figures-exporter-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	output := &syncBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium's helpers may still write to the profile for a moment
		// after it exits; a leftover temporary directory is no failure.
		if err := os.RemoveAll(profile); err != nil {
			t.Logf("removing the browser profile: %v", err)
		}
	})
	// The first Run starts the browser; it must have no timeout, which
	// would stop the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v\n%s", path, err, output.String())
	}
	return ctx
}

// Console collects what a page reports to its console: console API calls,
// uncaught exceptions and the browser's own log (where Content Security
// Policy violations and failed loads appear).
type Console struct {
	mu      sync.Mutex
	entries []ConsoleEntry
}

// ConsoleEntry is one console message.
type ConsoleEntry struct {
	Level  string // error, warning, info, verbose, log, exception
	Source string // for browser log entries: security, network, …
	Text   string
	URL    string
}

func (e ConsoleEntry) String() string {
	return fmt.Sprintf("[%s %s] %s %s", e.Level, e.Source, e.Text, e.URL)
}

// WatchConsole starts collecting the console messages of ctx's tab. It
// uses chromedp.Listen, which sees each event before any command sent
// after it returns, so once an action returns, every message the page
// logged before it is collected.
func WatchConsole(t testing.TB, ctx context.Context) *Console {
	t.Helper()
	c := &Console{}
	err := chromedp.Listen(ctx, func(ev any) {
		var e ConsoleEntry
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			e = ConsoleEntry{Level: string(ev.Entry.Level), Source: string(ev.Entry.Source), Text: ev.Entry.Text, URL: ev.Entry.URL}
		case *runtime.EventExceptionThrown:
			e = ConsoleEntry{Level: "exception", Text: ev.ExceptionDetails.Text, URL: ev.ExceptionDetails.URL}
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				e.Text += " " + ex.Description
			}
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value))
			}
			e = ConsoleEntry{Level: string(ev.Type), Source: "console-api", Text: strings.Join(parts, " ")}
		default:
			return
		}
		c.mu.Lock()
		c.entries = append(c.entries, e)
		c.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("listening to the console: %v", err)
	}
	return c
}

// Entries returns the messages collected so far.
func (c *Console) Entries() []ConsoleEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]ConsoleEntry(nil), c.entries...)
}

// Problems returns the messages that show something wrong with a page:
// errors, warnings and exceptions, including every CSP violation.
func (c *Console) Problems() []ConsoleEntry {
	var problems []ConsoleEntry
	for _, e := range c.Entries() {
		switch e.Level {
		case "error", "warning", "exception", "assert":
			problems = append(problems, e)
		default:
			if strings.Contains(e.Text, "Content Security Policy") {
				problems = append(problems, e)
			}
		}
	}
	return problems
}
