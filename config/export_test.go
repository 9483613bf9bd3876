package config

// LoadWithYAMLv3 loads as Load does, but reads every YAML and JSON file
// with yaml.v3 rather than the fast readers.
func LoadWithYAMLv3(path string) (*Set, error) {
	return Load(path, Options{yamlV3Only: true})
}
