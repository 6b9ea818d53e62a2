{{/* Chart name, at most 63 characters. */}}
{{- define "cellwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name, plus the chart name unless it already holds it. */}}
{{- define "cellwatch.fullname" -}}
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

{{/* chart label: name-version */}}
{{- define "cellwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "cellwatch.labels" -}}
helm.sh/chart: {{ include "cellwatch.chart" . }}
{{ include "cellwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cellwatch
{{- end }}

{{/* Labels selectors use: stable across upgrades. */}}
{{- define "cellwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cellwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels and selector labels of one component: (dict "ctx" $ "component" "ingest"). */}}
{{- define "cellwatch.componentLabels" -}}
{{ include "cellwatch.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- define "cellwatch.componentSelectorLabels" -}}
{{ include "cellwatch.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The cellwatch image. */}}
{{- define "cellwatch.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Service account name. */}}
{{- define "cellwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cellwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Pod-level security context, probes and the shared container parts. */}}
{{- define "cellwatch.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "cellwatch.probes" -}}
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  {{- toYaml .Values.probes.readiness | nindent 2 }}
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  {{- toYaml .Values.probes.liveness | nindent 2 }}
{{- end }}

{{/* Environment shared by every cellwatch container: ConfigMap, optional Secret, JVM options. */}}
{{- define "cellwatch.commonEnv" -}}
envFrom:
  - configMapRef:
      name: {{ include "cellwatch.fullname" . }}-config
  {{- with .Values.extraEnvFrom }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* Volumes every pod has: a writable /tmp (the root filesystem is read-only) and the Kafka client secret. */}}
{{- define "cellwatch.commonVolumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.clientConfigSecret }}
- name: kafka-client
  secret:
    secretName: {{ .Values.kafka.clientConfigSecret }}
{{- end }}
{{- end }}

{{- define "cellwatch.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.clientConfigSecret }}
- name: kafka-client
  mountPath: /etc/cellwatch/kafka
  readOnly: true
{{- end }}
{{- end }}
