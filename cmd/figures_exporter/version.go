package main

import (
	"regexp"
	"runtime/debug"

	"github.com/prometheus/common/version"
)

func init() { fillVersion(debug.ReadBuildInfo) }

// pseudoRevision finds the commit in a pseudo-version such as
// v0.0.0-20261130151700-0123456789ab (go help modules, "Pseudo-versions"),
// what `go install …@<commit>` and untagged builds get.
var pseudoRevision = regexp.MustCompile(`\d{14}-([0-9a-f]{12})(\+.*)?$`)

// fillVersion completes what the linker flags (-X …/version.Version=…,
// as the Dockerfile sets them) did not: a binary from `go build` or
// `go install …@version` reports its module version and the commit it was
// built from, read from the build information the Go toolchain embeds.
// prometheus/common/version already reads the VCS revision of a build in
// a checkout; a module built by `go install` has none, so the commit of a
// pseudo-version stands in for it, and the VCS time for the build date.
func fillVersion(read func() (*debug.BuildInfo, bool)) {
	info, ok := read()
	if !ok {
		return
	}
	if version.Version == "" && info.Main.Version != "" {
		version.Version = info.Main.Version
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	if version.Revision == "" && vcs["vcs.revision"] == "" {
		if m := pseudoRevision.FindStringSubmatch(info.Main.Version); m != nil {
			version.Revision = m[1]
		}
	}
	if version.BuildDate == "" {
		version.BuildDate = vcs["vcs.time"]
	}
}
