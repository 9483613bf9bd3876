package main

import (
	"runtime/debug"
	"testing"

	"github.com/prometheus/common/version"
)

func TestVersionFromBuildInfo(t *testing.T) {
	saved := [...]string{version.Version, version.Revision, version.BuildDate}
	t.Cleanup(func() { version.Version, version.Revision, version.BuildDate = saved[0], saved[1], saved[2] })
	for name, tc := range map[string]struct {
		ldflags [3]string // Version, Revision, BuildDate set by -X
		info    debug.BuildInfo
		want    [3]string
	}{
		"go install of a tag": {
			info: debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			want: [3]string{"v1.2.3", "", ""},
		},
		"go install of a commit": {
			info: debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130151700-0123456789ab"}},
			want: [3]string{"v0.0.0-20261130151700-0123456789ab", "0123456789ab", ""},
		},
		"go build in a checkout": {
			info: debug.BuildInfo{
				Main:     debug.Module{Version: "v0.1.1-0.20261130151700-0123456789ab+dirty"},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-11-30T15:17:00Z"}},
			},
			// The revision comes from vcs.revision, which
			// prometheus/common/version reads itself.
			want: [3]string{"v0.1.1-0.20261130151700-0123456789ab+dirty", "", "2026-11-30T15:17:00Z"},
		},
		"linker flags win": {
			ldflags: [3]string{"0.2.0", "fedcba", "20261130-15:17:00"},
			info:    debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130151700-0123456789ab"}},
			want:    [3]string{"0.2.0", "fedcba", "20261130-15:17:00"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			version.Version, version.Revision, version.BuildDate = tc.ldflags[0], tc.ldflags[1], tc.ldflags[2]
			fillVersion(func() (*debug.BuildInfo, bool) { return &tc.info, true })
			if got := [3]string{version.Version, version.Revision, version.BuildDate}; got != tc.want {
				t.Errorf("version, revision, build date = %q, want %q", got, tc.want)
			}
		})
	}
}
