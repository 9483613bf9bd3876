package e2e

import "strings"

// HasFlag reports whether args set the flag name (without dashes), as
// --name=value or as --name value.
func HasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--"+name || strings.HasPrefix(a, "--"+name+"=") {
			return true
		}
	}
	return false
}
