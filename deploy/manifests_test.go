package deploy_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// manifests are the objects a kustomization or the Helm chart renders,
// decoded into the API types of the Kubernetes and Prometheus Operator
// releases pinned in go.mod.
type manifests struct {
	deployments     []*appsv1.Deployment
	services        []*corev1.Service
	configMaps      []*corev1.ConfigMap
	secrets         []*corev1.Secret
	serviceMonitors []*monitoringv1.ServiceMonitor
	prometheusRules []*monitoringv1.PrometheusRule
}

// render builds the kustomization in dir in process, as `kubectl apply -k`
// would, and strictly decodes every object it produces.
func render(dir string) (*manifests, error) {
	resMap, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize %s: %w", dir, err)
	}
	m := &manifests{}
	for _, r := range resMap.Resources() {
		doc, err := r.AsYAML()
		if err != nil {
			return nil, err
		}
		if err := m.add(doc); err != nil {
			return nil, fmt.Errorf("%s: %w", r.CurId(), err)
		}
	}
	return m, nil
}

// add strictly decodes one manifest into its API type: a field the type does
// not have (a typo, or one from another API version), a duplicate key or a
// malformed quantity is an error, where kubectl's client-side handling and
// kustomize would pass it on. Kinds this repository does not ship are errors
// too, so a new kind must be added here, and so checked.
func (m *manifests) add(doc []byte) error {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return err
	}
	if errs := validation.IsDNS1123Subdomain(meta.Metadata.Name); len(errs) > 0 {
		return fmt.Errorf("metadata.name %q: %v", meta.Metadata.Name, errs)
	}
	for k, v := range meta.Metadata.Labels {
		if errs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...); len(errs) > 0 {
			return fmt.Errorf("label %s=%s: %v", k, v, errs)
		}
	}
	var obj any
	switch meta.APIVersion + " " + meta.Kind {
	case "apps/v1 Deployment":
		d := &appsv1.Deployment{}
		m.deployments, obj = append(m.deployments, d), d
	case "v1 Service":
		s := &corev1.Service{}
		m.services, obj = append(m.services, s), s
	case "v1 ConfigMap":
		c := &corev1.ConfigMap{}
		m.configMaps, obj = append(m.configMaps, c), c
	case "v1 Secret":
		s := &corev1.Secret{}
		m.secrets, obj = append(m.secrets, s), s
	case "monitoring.coreos.com/v1 ServiceMonitor":
		s := &monitoringv1.ServiceMonitor{}
		m.serviceMonitors, obj = append(m.serviceMonitors, s), s
	case "monitoring.coreos.com/v1 PrometheusRule":
		r := &monitoringv1.PrometheusRule{}
		m.prometheusRules, obj = append(m.prometheusRules, r), r
	default:
		return fmt.Errorf("unsupported kind %q of apiVersion %q", meta.Kind, meta.APIVersion)
	}
	// Decoded as the API server decodes with strict field validation:
	// YAML to JSON rejecting duplicate keys, then JSON into the type with
	// case-sensitive field names (encoding/json would take
	// readOnlyRootFileSystem for readOnlyRootFilesystem) and no unknown ones.
	data, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return fmt.Errorf("%s %s: %w", meta.Kind, meta.Metadata.Name, err)
	}
	strict, err := kjson.UnmarshalStrict(data, obj)
	if err != nil {
		return fmt.Errorf("%s %s: %w", meta.Kind, meta.Metadata.Name, err)
	}
	if len(strict) > 0 {
		return fmt.Errorf("%s %s: %w", meta.Kind, meta.Metadata.Name, errors.Join(strict...))
	}
	return nil
}

// decodeOne strictly decodes a single manifest, for the validator's own tests.
func decodeOne(t *testing.T, doc string) error {
	t.Helper()
	return (&manifests{}).add(bytes.TrimSpace([]byte(doc)))
}
