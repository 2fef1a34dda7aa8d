{{/* The chart name, or nameOverride. */}}
{{- define "telemetry-bridge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource names: release and chart, or fullnameOverride; at most 63 characters (DNS label). */}}
{{- define "telemetry-bridge.fullname" -}}
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

{{/* Labels that select the bridge's pods; they never change across upgrades. */}}
{{- define "telemetry-bridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "telemetry-bridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "telemetry-bridge.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "telemetry-bridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Where the TLS Secret is mounted. */}}
{{- define "telemetry-bridge.tlsDir" -}}
/etc/telemetry-bridge/tls
{{- end }}

{{/* Where the MQTT listener's TLS Secret is mounted (a directory: Secret updates reach it). */}}
{{- define "telemetry-bridge.mqttTlsDir" -}}
/etc/telemetry-bridge/mqtt-tls
{{- end }}

{{/*
The application settings the chart writes: the backend, the MQTT and HTTP ports, and the ibm.mq.*
settings (passwords come from Secrets as environment variables, never from here), with .Values.config
merged over them.
*/}}
{{- define "telemetry-bridge.settings" -}}
{{- $mq := .Values.ibmMq }}
{{- $settings := dict
  "server" (dict "port" .Values.httpPort)
  "bridge" (dict
    "backend" (ternary "ibmmq" "embedded" $mq.enabled)
    "mqtt" (dict "port" .Values.mqtt.port "max-packet-size" .Values.mqtt.maxPacketSize)
    "embedded" (dict "data-dir" "/opt/telemetry-bridge/data" "jms-port" -1)) }}
{{- $ha := .Values.highAvailability }}
{{- if and (gt (int .Values.replicaCount) 1) (not $ha.enabled) }}
{{- fail "replicaCount above 1 needs highAvailability.enabled: two serving bridges would both drain the transmission queue" }}
{{- end }}
{{- if $ha.enabled }}
{{- if not $mq.enabled }}
{{- fail "highAvailability.enabled needs ibmMq.enabled: the embedded stand-in lives in its pod and cannot be shared" }}
{{- end }}
{{- $_ := set $settings.bridge "ha" (dict "mode" "active-standby" "retry-interval" $ha.retryInterval) }}
{{- end }}
{{- $tls := .Values.mqtt.tls }}
{{- if not .Values.mqtt.plainEnabled }}
{{- $_ := set $settings.bridge "listeners" (dict "default" (dict "enabled" false)) }}
{{- end }}
{{- if $tls.enabled }}
{{- $dir := include "telemetry-bridge.mqttTlsDir" . }}
{{- $listeners := default (dict) $settings.bridge.listeners }}
{{- $_ := set $listeners "tls" (dict "port" $tls.port "transport" "tls" "ssl-bundle" "mqtt-tls" "client-certificate" $tls.clientCertificate) }}
{{- $_ := set $settings.bridge "listeners" $listeners }}
{{- $bundle := dict "reload-on-update" true "keystore" (dict "certificate" (printf "%s/tls.crt" $dir) "private-key" (printf "%s/tls.key" $dir)) }}
{{- if ne $tls.clientCertificate "none" }}
{{- $_ := set $bundle "truststore" (dict "certificate" (printf "%s/ca.crt" $dir)) }}
{{- end }}
{{- if $tls.enabledProtocols }}
{{- $_ := set $bundle "options" (dict "enabled-protocols" $tls.enabledProtocols) }}
{{- end }}
{{- $_ := set $settings "spring" (dict "ssl" (dict "bundle" (dict "pem" (dict "mqtt-tls" $bundle)))) }}
{{- end }}
{{- if $mq.enabled }}
{{- $ibm := dict
  "queue-manager" $mq.queueManager
  "conn-name" $mq.connName
  "channel" $mq.channel
  "user" $mq.user
  "application-name" $mq.applicationName
  "ccdt-url" $mq.ccdtUrl
  "ssl-cipher-suite" $mq.sslCipherSuite
  "ssl-peer-name" $mq.sslPeerName }}
{{- if $mq.tls.existingSecret }}
{{- $jks := dict }}
{{- if $mq.tls.keyStoreKey }}
{{- $_ := set $jks "key-store" (printf "%s/%s" (include "telemetry-bridge.tlsDir" .) $mq.tls.keyStoreKey) }}
{{- end }}
{{- if $mq.tls.trustStoreKey }}
{{- $_ := set $jks "trust-store" (printf "%s/%s" (include "telemetry-bridge.tlsDir" .) $mq.tls.trustStoreKey) }}
{{- end }}
{{- $_ := set $ibm "jks" $jks }}
{{- end }}
{{- $_ := set $settings "ibm" (dict "mq" $ibm) }}
{{- end }}
{{- toYaml (mergeOverwrite $settings (deepCopy .Values.config)) }}
{{- end }}
