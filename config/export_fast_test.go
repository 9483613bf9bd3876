package config

// CheckFast is checkFast, for the tests of package config_test that read
// files written by internal/synth (which imports config).
func CheckFast(data []byte, syntax string) (accepted bool, err error) {
	return checkFast(data, syntax)
}

// ReadFast runs the fast reader of syntax ("yaml" or "json") alone and
// returns how many nodes it made, for benchmarks.
func ReadFast(data []byte, syntax string) (nodes int, ok bool) {
	var d *document
	if syntax == "json" {
		d, ok = readJSONFast(data)
	} else {
		d, ok = readYAMLFast(data)
	}
	if !ok {
		return 0, false
	}
	return len(d.nodes), true
}
