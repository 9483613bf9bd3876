{{/* The chart's name, or nameOverride. */}}
{{- define "figures-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of every object: fullnameOverride, else the release name when it
already holds the chart's name, else <release>-<chart>.
*/}}
{{- define "figures-exporter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "figures-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "figures-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "figures-exporter.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "figures-exporter.selectorLabels" . }}
app.kubernetes.io/component: exporter
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The ConfigMap that holds the figures. */}}
{{- define "figures-exporter.configMapName" -}}
{{- if .Values.existingConfigMap }}
{{- .Values.existingConfigMap }}
{{- else }}
{{- printf "%s-figures" (include "figures-exporter.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The Secret that holds the web configuration file. */}}
{{- define "figures-exporter.webConfigSecretName" -}}
{{- if .Values.webConfig.existingSecret }}
{{- .Values.webConfig.existingSecret }}
{{- else }}
{{- printf "%s-web-config" (include "figures-exporter.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Whether the exporter answers over HTTPS only. */}}
{{- define "figures-exporter.https" -}}
{{- if and .Values.webConfig.enabled (or .Values.webConfig.tls (hasKey .Values.webConfig.config "tls_server_config")) }}true{{ end }}
{{- end }}

{{/* The exporter's image: repository@digest, else repository:tag. */}}
{{- define "figures-exporter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
A probe from values: (list $ .Values.readinessProbe). An httpGet probe gets
scheme HTTPS when the exporter serves TLS, and webConfig.probeHeaders.
*/}}
{{- define "figures-exporter.probe" -}}
{{- $root := index . 0 }}
{{- $probe := deepCopy (index . 1) }}
{{- if $probe.httpGet }}
{{- if include "figures-exporter.https" $root }}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" }}
{{- end }}
{{- with $root.Values.webConfig.probeHeaders }}
{{- $_ := set $probe.httpGet "httpHeaders" . }}
{{- end }}
{{- end }}
{{- toYaml $probe }}
{{- end }}
