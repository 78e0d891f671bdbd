
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'otelkit' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'otelkit'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'otelkit' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)')
            [CompletionResult]::new('smoke-test', 'smoke-test', [CompletionResultType]::ParameterValue, 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check a collector config without running it')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check each hop of a running pipeline and name the broken one')
            [CompletionResult]::new('canary', 'canary', [CompletionResultType]::ParameterValue, 'Run the smoke test continuously and serve its results as Prometheus metrics')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Drive a pipeline at a known rate and prove what it lost, hop by hop and in the backends')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start the collector and its stores as local processes, no Docker: fetched, verified, configured, ready')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop what `otelkit up` started')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otelkit;gen' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('collector', 'collector', [CompletionResultType]::ParameterValue, 'An OpenTelemetry Collector config for the reference architecture')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Kubernetes manifests that run that collector')
            [CompletionResult]::new('compose', 'compose', [CompletionResultType]::ParameterValue, 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana')
            [CompletionResult]::new('grafana', 'grafana', [CompletionResultType]::ParameterValue, 'Grafana datasources (signals linked) and dashboards')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules for the services and the pipeline')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otelkit;gen;collector' {
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Where traces go')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How metrics reach Prometheus')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Where logs go')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)')
            [CompletionResult]::new('--resolver', '--resolver', [CompletionResultType]::ParameterName, 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]')
            [CompletionResult]::new('--gateway-endpoint', '--gateway-endpoint', [CompletionResultType]::ParameterName, 'Where agents send everything (OTLP gRPC); gen k8s names the gateway''s Service after its host [default: otel-collector:4317]')
            [CompletionResult]::new('--sampler-service', '--sampler-service', [CompletionResultType]::ParameterName, 'The sampler tier''s headless Service, which the load balancer resolves [default: otel-sampler-headless]')
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is written for; decides component names')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the prometheus exporter exposes')
            [CompletionResult]::new('--translation-strategy', '--translation-strategy', [CompletionResultType]::ParameterName, 'Prometheus''s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name added to all telemetry')
            [CompletionResult]::new('--tempo-endpoint', '--tempo-endpoint', [CompletionResultType]::ParameterName, 'Tempo''s OTLP gRPC address')
            [CompletionResult]::new('--jaeger-endpoint', '--jaeger-endpoint', [CompletionResultType]::ParameterName, 'Jaeger''s OTLP gRPC address (with --traces jaeger)')
            [CompletionResult]::new('--prometheus-endpoint', '--prometheus-endpoint', [CompletionResultType]::ParameterName, 'Prometheus base URL (remote write and OTLP modes)')
            [CompletionResult]::new('--victoriametrics-endpoint', '--victoriametrics-endpoint', [CompletionResultType]::ParameterName, 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)')
            [CompletionResult]::new('--loki-endpoint', '--loki-endpoint', [CompletionResultType]::ParameterName, 'Loki base URL (its OTLP endpoint is <URL>/otlp)')
            [CompletionResult]::new('--victorialogs-endpoint', '--victorialogs-endpoint', [CompletionResultType]::ParameterName, 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a bearer token for the backends (written as ${env:VAR})')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle the collector uses to verify the backends')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Plain-text gRPC to the traces backend [default: true unless --ca-file]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--persistent-queue', '--persistent-queue', [CompletionResultType]::ParameterName, 'Agents queue what they send to the next tier on the node''s disk (file_storage; gen k8s mounts a hostPath)')
            [CompletionResult]::new('--bind-all', '--bind-all', [CompletionResultType]::ParameterName, 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with the file(s) on disk; exit 1 with a diff when they differ')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;k8s' {
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Where traces go')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How metrics reach Prometheus')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Where logs go')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)')
            [CompletionResult]::new('--resolver', '--resolver', [CompletionResultType]::ParameterName, 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]')
            [CompletionResult]::new('--gateway-endpoint', '--gateway-endpoint', [CompletionResultType]::ParameterName, 'Where agents send everything (OTLP gRPC); gen k8s names the gateway''s Service after its host [default: otel-collector:4317]')
            [CompletionResult]::new('--sampler-service', '--sampler-service', [CompletionResultType]::ParameterName, 'The sampler tier''s headless Service, which the load balancer resolves [default: otel-sampler-headless]')
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is written for; decides component names')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the prometheus exporter exposes')
            [CompletionResult]::new('--translation-strategy', '--translation-strategy', [CompletionResultType]::ParameterName, 'Prometheus''s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name added to all telemetry')
            [CompletionResult]::new('--tempo-endpoint', '--tempo-endpoint', [CompletionResultType]::ParameterName, 'Tempo''s OTLP gRPC address')
            [CompletionResult]::new('--jaeger-endpoint', '--jaeger-endpoint', [CompletionResultType]::ParameterName, 'Jaeger''s OTLP gRPC address (with --traces jaeger)')
            [CompletionResult]::new('--prometheus-endpoint', '--prometheus-endpoint', [CompletionResultType]::ParameterName, 'Prometheus base URL (remote write and OTLP modes)')
            [CompletionResult]::new('--victoriametrics-endpoint', '--victoriametrics-endpoint', [CompletionResultType]::ParameterName, 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)')
            [CompletionResult]::new('--loki-endpoint', '--loki-endpoint', [CompletionResultType]::ParameterName, 'Loki base URL (its OTLP endpoint is <URL>/otlp)')
            [CompletionResult]::new('--victorialogs-endpoint', '--victorialogs-endpoint', [CompletionResultType]::ParameterName, 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a bearer token for the backends (written as ${env:VAR})')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle the collector uses to verify the backends')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Plain-text gRPC to the traces backend [default: true unless --ca-file]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace')
            [CompletionResult]::new('--replicas', '--replicas', [CompletionResultType]::ParameterName, 'Gateway replicas')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write one file per resource and a kustomization.yaml into DIR instead of one stream')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the stream to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the stream to FILE instead of stdout')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The otelkit image the canary runs (build it with the repository''s Dockerfile)')
            [CompletionResult]::new('--canary-interval', '--canary-interval', [CompletionResultType]::ParameterName, 'How often the canary runs the smoke test')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--persistent-queue', '--persistent-queue', [CompletionResultType]::ParameterName, 'Agents queue what they send to the next tier on the node''s disk (file_storage; gen k8s mounts a hostPath)')
            [CompletionResult]::new('--bind-all', '--bind-all', [CompletionResultType]::ParameterName, 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with what is on disk; exit 1 with a diff when it differs')
            [CompletionResult]::new('--prometheus-operator', '--prometheus-operator', [CompletionResultType]::ParameterName, 'Scrape the collector through a Prometheus Operator ServiceMonitor instead of prometheus.io annotations')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'Add an `otelkit canary` Deployment and Service (scraped through prometheus.io annotations)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;compose' {
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Where traces go')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How metrics reach Prometheus')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Where logs go')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)')
            [CompletionResult]::new('--resolver', '--resolver', [CompletionResultType]::ParameterName, 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]')
            [CompletionResult]::new('--gateway-endpoint', '--gateway-endpoint', [CompletionResultType]::ParameterName, 'Where agents send everything (OTLP gRPC); gen k8s names the gateway''s Service after its host [default: otel-collector:4317]')
            [CompletionResult]::new('--sampler-service', '--sampler-service', [CompletionResultType]::ParameterName, 'The sampler tier''s headless Service, which the load balancer resolves [default: otel-sampler-headless]')
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is written for; decides component names')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the prometheus exporter exposes')
            [CompletionResult]::new('--translation-strategy', '--translation-strategy', [CompletionResultType]::ParameterName, 'Prometheus''s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name added to all telemetry')
            [CompletionResult]::new('--tempo-endpoint', '--tempo-endpoint', [CompletionResultType]::ParameterName, 'Tempo''s OTLP gRPC address')
            [CompletionResult]::new('--jaeger-endpoint', '--jaeger-endpoint', [CompletionResultType]::ParameterName, 'Jaeger''s OTLP gRPC address (with --traces jaeger)')
            [CompletionResult]::new('--prometheus-endpoint', '--prometheus-endpoint', [CompletionResultType]::ParameterName, 'Prometheus base URL (remote write and OTLP modes)')
            [CompletionResult]::new('--victoriametrics-endpoint', '--victoriametrics-endpoint', [CompletionResultType]::ParameterName, 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)')
            [CompletionResult]::new('--loki-endpoint', '--loki-endpoint', [CompletionResultType]::ParameterName, 'Loki base URL (its OTLP endpoint is <URL>/otlp)')
            [CompletionResult]::new('--victorialogs-endpoint', '--victorialogs-endpoint', [CompletionResultType]::ParameterName, 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a bearer token for the backends (written as ${env:VAR})')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle the collector uses to verify the backends')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Plain-text gRPC to the traces backend [default: true unless --ca-file]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Directory to write docker-compose.yaml and the files it mounts into')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write docker-compose.yaml and the files it mounts into')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--persistent-queue', '--persistent-queue', [CompletionResultType]::ParameterName, 'Agents queue what they send to the next tier on the node''s disk (file_storage; gen k8s mounts a hostPath)')
            [CompletionResult]::new('--bind-all', '--bind-all', [CompletionResultType]::ParameterName, 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with what is in DIR; exit 1 with a diff when it differs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;grafana' {
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Where traces go')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How metrics reach Prometheus')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Where logs go')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)')
            [CompletionResult]::new('--resolver', '--resolver', [CompletionResultType]::ParameterName, 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]')
            [CompletionResult]::new('--gateway-endpoint', '--gateway-endpoint', [CompletionResultType]::ParameterName, 'Where agents send everything (OTLP gRPC); gen k8s names the gateway''s Service after its host [default: otel-collector:4317]')
            [CompletionResult]::new('--sampler-service', '--sampler-service', [CompletionResultType]::ParameterName, 'The sampler tier''s headless Service, which the load balancer resolves [default: otel-sampler-headless]')
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is written for; decides component names')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the prometheus exporter exposes')
            [CompletionResult]::new('--translation-strategy', '--translation-strategy', [CompletionResultType]::ParameterName, 'Prometheus''s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name added to all telemetry')
            [CompletionResult]::new('--tempo-endpoint', '--tempo-endpoint', [CompletionResultType]::ParameterName, 'Tempo''s OTLP gRPC address')
            [CompletionResult]::new('--jaeger-endpoint', '--jaeger-endpoint', [CompletionResultType]::ParameterName, 'Jaeger''s OTLP gRPC address (with --traces jaeger)')
            [CompletionResult]::new('--prometheus-endpoint', '--prometheus-endpoint', [CompletionResultType]::ParameterName, 'Prometheus base URL (remote write and OTLP modes)')
            [CompletionResult]::new('--victoriametrics-endpoint', '--victoriametrics-endpoint', [CompletionResultType]::ParameterName, 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)')
            [CompletionResult]::new('--loki-endpoint', '--loki-endpoint', [CompletionResultType]::ParameterName, 'Loki base URL (its OTLP endpoint is <URL>/otlp)')
            [CompletionResult]::new('--victorialogs-endpoint', '--victorialogs-endpoint', [CompletionResultType]::ParameterName, 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a bearer token for the backends (written as ${env:VAR})')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle the collector uses to verify the backends')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Plain-text gRPC to the traces backend [default: true unless --ca-file]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Directory to write provisioning/ and dashboards/ into')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write provisioning/ and dashboards/ into')
            [CompletionResult]::new('--grafana-prometheus-url', '--grafana-prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus as Grafana reaches it')
            [CompletionResult]::new('--grafana-tempo-url', '--grafana-tempo-url', [CompletionResultType]::ParameterName, 'Tempo as Grafana reaches it')
            [CompletionResult]::new('--grafana-loki-url', '--grafana-loki-url', [CompletionResultType]::ParameterName, 'Loki as Grafana reaches it')
            [CompletionResult]::new('--grafana-jaeger-url', '--grafana-jaeger-url', [CompletionResultType]::ParameterName, 'Jaeger''s query API as Grafana reaches it (with --traces jaeger)')
            [CompletionResult]::new('--grafana-victoriametrics-url', '--grafana-victoriametrics-url', [CompletionResultType]::ParameterName, 'VictoriaMetrics as Grafana reaches it (with --metrics victoriametrics)')
            [CompletionResult]::new('--grafana-victorialogs-url', '--grafana-victorialogs-url', [CompletionResultType]::ParameterName, 'VictoriaLogs as Grafana reaches it (with --logs victorialogs)')
            [CompletionResult]::new('--dashboards-path', '--dashboards-path', [CompletionResultType]::ParameterName, 'Where Grafana reads the dashboard files (the provider''s path)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--persistent-queue', '--persistent-queue', [CompletionResultType]::ParameterName, 'Agents queue what they send to the next tier on the node''s disk (file_storage; gen k8s mounts a hostPath)')
            [CompletionResult]::new('--bind-all', '--bind-all', [CompletionResultType]::ParameterName, 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with what is in DIR; exit 1 with a diff when it differs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;alerts' {
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Where traces go')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How metrics reach Prometheus')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Where logs go')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)')
            [CompletionResult]::new('--resolver', '--resolver', [CompletionResultType]::ParameterName, 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]')
            [CompletionResult]::new('--gateway-endpoint', '--gateway-endpoint', [CompletionResultType]::ParameterName, 'Where agents send everything (OTLP gRPC); gen k8s names the gateway''s Service after its host [default: otel-collector:4317]')
            [CompletionResult]::new('--sampler-service', '--sampler-service', [CompletionResultType]::ParameterName, 'The sampler tier''s headless Service, which the load balancer resolves [default: otel-sampler-headless]')
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is written for; decides component names')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the prometheus exporter exposes')
            [CompletionResult]::new('--translation-strategy', '--translation-strategy', [CompletionResultType]::ParameterName, 'Prometheus''s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name added to all telemetry')
            [CompletionResult]::new('--tempo-endpoint', '--tempo-endpoint', [CompletionResultType]::ParameterName, 'Tempo''s OTLP gRPC address')
            [CompletionResult]::new('--jaeger-endpoint', '--jaeger-endpoint', [CompletionResultType]::ParameterName, 'Jaeger''s OTLP gRPC address (with --traces jaeger)')
            [CompletionResult]::new('--prometheus-endpoint', '--prometheus-endpoint', [CompletionResultType]::ParameterName, 'Prometheus base URL (remote write and OTLP modes)')
            [CompletionResult]::new('--victoriametrics-endpoint', '--victoriametrics-endpoint', [CompletionResultType]::ParameterName, 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)')
            [CompletionResult]::new('--loki-endpoint', '--loki-endpoint', [CompletionResultType]::ParameterName, 'Loki base URL (its OTLP endpoint is <URL>/otlp)')
            [CompletionResult]::new('--victorialogs-endpoint', '--victorialogs-endpoint', [CompletionResultType]::ParameterName, 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a bearer token for the backends (written as ${env:VAR})')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle the collector uses to verify the backends')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Plain-text gRPC to the traces backend [default: true unless --ca-file]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--error-ratio', '--error-ratio', [CompletionResultType]::ParameterName, 'Fire when more than this share of HTTP requests fail (5xx)')
            [CompletionResult]::new('--latency-p99', '--latency-p99', [CompletionResultType]::ParameterName, 'Fire when HTTP p99 latency exceeds this many seconds')
            [CompletionResult]::new('--llm-latency-p99', '--llm-latency-p99', [CompletionResultType]::ParameterName, 'Fire when LLM call p99 latency exceeds this many seconds')
            [CompletionResult]::new('--token-burn-per-hour', '--token-burn-per-hour', [CompletionResultType]::ParameterName, 'Fire when a service burns more chat tokens than this in an hour')
            [CompletionResult]::new('--queue-ratio', '--queue-ratio', [CompletionResultType]::ParameterName, 'Fire when an exporter''s sending queue is fuller than this share')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'How long a service condition must hold before it fires')
            [CompletionResult]::new('--pipeline-for', '--pipeline-for', [CompletionResultType]::ParameterName, 'How long a pipeline condition must hold before it fires')
            [CompletionResult]::new('--canary-failed-runs', '--canary-failed-runs', [CompletionResultType]::ParameterName, 'Fire when a canary check (otelkit canary) fails this many runs in a row')
            [CompletionResult]::new('--canary-no-success', '--canary-no-success', [CompletionResultType]::ParameterName, 'Fire when the canary has not passed for this long')
            [CompletionResult]::new('--runbook-url', '--runbook-url', [CompletionResultType]::ParameterName, 'Base URL of the runbooks; each alert links to <URL>#<alertname>')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--persistent-queue', '--persistent-queue', [CompletionResultType]::ParameterName, 'Agents queue what they send to the next tier on the node''s disk (file_storage; gen k8s mounts a hostPath)')
            [CompletionResult]::new('--bind-all', '--bind-all', [CompletionResultType]::ParameterName, 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with the file(s) on disk; exit 1 with a diff when they differ')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;ci' {
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'compose: start the stack `gen compose` writes in the job (Docker); up: start the servers as processes with `otelkit up` (no Docker, no privileged runner); external: your endpoints, from CI variables')
            [CompletionResult]::new('--service-cmd', '--service-cmd', [CompletionResultType]::ParameterName, 'Start your service first (a shell command, in the background, with OTEL_* pointing at the pipeline)')
            [CompletionResult]::new('--otelkit-version', '--otelkit-version', [CompletionResultType]::ParameterName, 'The otelkit release the job installs [default: this otelkit''s version]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare with the file(s) on disk; exit 1 with a diff when they differ')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;gen;help' {
            [CompletionResult]::new('collector', 'collector', [CompletionResultType]::ParameterValue, 'An OpenTelemetry Collector config for the reference architecture')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Kubernetes manifests that run that collector')
            [CompletionResult]::new('compose', 'compose', [CompletionResultType]::ParameterValue, 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana')
            [CompletionResult]::new('grafana', 'grafana', [CompletionResultType]::ParameterValue, 'Grafana datasources (signals linked) and dashboards')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules for the services and the pipeline')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otelkit;gen;help;collector' {
            break
        }
        'otelkit;gen;help;k8s' {
            break
        }
        'otelkit;gen;help;compose' {
            break
        }
        'otelkit;gen;help;grafana' {
            break
        }
        'otelkit;gen;help;alerts' {
            break
        }
        'otelkit;gen;help;ci' {
            break
        }
        'otelkit;gen;help;help' {
            break
        }
        'otelkit;init' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'The language, when detection finds several or none')
            [CompletionResult]::new('--service-name', '--service-name', [CompletionResultType]::ParameterName, 'service.name [default: the project''s name]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name written as the default')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix of every metric the collector''s prometheus exporter exposes, recorded in otelkit.toml for `gen`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Initialise every service found below PATH')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print a unified diff of everything init would write, and write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite telemetry files that were changed since otelkit wrote them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;smoke-test' {
            [CompletionResult]::new('--tempo-url', '--tempo-url', [CompletionResultType]::ParameterName, 'Tempo''s query API [default: http://localhost:3200]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus''s query API [default: http://localhost:9090]')
            [CompletionResult]::new('--loki-url', '--loki-url', [CompletionResultType]::ParameterName, 'Loki''s API [default: http://localhost:3100]')
            [CompletionResult]::new('--jaeger-url', '--jaeger-url', [CompletionResultType]::ParameterName, 'Jaeger''s query API (with --traces-backend jaeger) [default: http://localhost:16686]')
            [CompletionResult]::new('--victorialogs-url', '--victorialogs-url', [CompletionResultType]::ParameterName, 'VictoriaLogs'' API (with --logs-backend victorialogs) [default: http://localhost:9428]')
            [CompletionResult]::new('--victoriametrics-url', '--victoriametrics-url', [CompletionResultType]::ParameterName, 'VictoriaMetrics'' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]')
            [CompletionResult]::new('--traces-backend', '--traces-backend', [CompletionResultType]::ParameterName, 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]')
            [CompletionResult]::new('--logs-backend', '--logs-backend', [CompletionResultType]::ParameterName, 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]')
            [CompletionResult]::new('--metrics-backend', '--metrics-backend', [CompletionResultType]::ParameterName, 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]')
            [CompletionResult]::new('--grafana', '--grafana', [CompletionResultType]::ParameterName, 'Query the backends through Grafana''s datasource proxy at URL')
            [CompletionResult]::new('--grafana-traces-uid', '--grafana-traces-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-tempo-uid', '--grafana-tempo-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-logs-uid', '--grafana-logs-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-loki-uid', '--grafana-loki-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-metrics-uid', '--grafana-metrics-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--grafana-prometheus-uid', '--grafana-prometheus-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header on every backend query (repeatable); values of credential-like names are never shown')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle to verify the backends'' TLS certificates')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'The collector''s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]')
            [CompletionResult]::new('--service-name', '--service-name', [CompletionResultType]::ParameterName, 'service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]')
            [CompletionResult]::new('--signals', '--signals', [CompletionResultType]::ParameterName, 'Which signals to send and verify')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a signal after this long (e.g. 60, 90s, 2m; a bare number is seconds)')
            [CompletionResult]::new('--unreachable-grace', '--unreachable-grace', [CompletionResultType]::ParameterName, 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (one testcase per check) to FILE')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)')
            [CompletionResult]::new('--telemetry-url', '--telemetry-url', [CompletionResultType]::ParameterName, 'The collector''s own metrics, for --diagnose; repeat as TIER=URL for each collector tier in pipeline order [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the backends'' TLS certificates (only by this explicit flag)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print every query and an equivalent curl command before running')
            [CompletionResult]::new('--diagnose', '--diagnose', [CompletionResultType]::ParameterName, 'When a check fails, run `otelkit doctor`''s checks to name the broken hop')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;lint' {
            [CompletionResult]::new('--collector-version', '--collector-version', [CompletionResultType]::ParameterName, 'Collector release the config is for; decides which component names are current')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'deployment.environment.name, for the production checks [default: read from the config]')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Explain a rule (what it finds, why it matters, how to fix it) instead of linting')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;doctor' {
            [CompletionResult]::new('--tempo-url', '--tempo-url', [CompletionResultType]::ParameterName, 'Tempo''s query API [default: http://localhost:3200]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus''s query API [default: http://localhost:9090]')
            [CompletionResult]::new('--loki-url', '--loki-url', [CompletionResultType]::ParameterName, 'Loki''s API [default: http://localhost:3100]')
            [CompletionResult]::new('--jaeger-url', '--jaeger-url', [CompletionResultType]::ParameterName, 'Jaeger''s query API (with --traces-backend jaeger) [default: http://localhost:16686]')
            [CompletionResult]::new('--victorialogs-url', '--victorialogs-url', [CompletionResultType]::ParameterName, 'VictoriaLogs'' API (with --logs-backend victorialogs) [default: http://localhost:9428]')
            [CompletionResult]::new('--victoriametrics-url', '--victoriametrics-url', [CompletionResultType]::ParameterName, 'VictoriaMetrics'' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]')
            [CompletionResult]::new('--traces-backend', '--traces-backend', [CompletionResultType]::ParameterName, 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]')
            [CompletionResult]::new('--logs-backend', '--logs-backend', [CompletionResultType]::ParameterName, 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]')
            [CompletionResult]::new('--metrics-backend', '--metrics-backend', [CompletionResultType]::ParameterName, 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]')
            [CompletionResult]::new('--grafana', '--grafana', [CompletionResultType]::ParameterName, 'Query the backends through Grafana''s datasource proxy at URL')
            [CompletionResult]::new('--grafana-traces-uid', '--grafana-traces-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-tempo-uid', '--grafana-tempo-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-logs-uid', '--grafana-logs-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-loki-uid', '--grafana-loki-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-metrics-uid', '--grafana-metrics-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--grafana-prometheus-uid', '--grafana-prometheus-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header on every backend query (repeatable); values of credential-like names are never shown')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle to verify the backends'' TLS certificates')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'The collector''s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]')
            [CompletionResult]::new('--otlp-grpc-endpoint', '--otlp-grpc-endpoint', [CompletionResultType]::ParameterName, 'The collector''s OTLP/gRPC address [default: port 4317 of the OTLP endpoint''s host]')
            [CompletionResult]::new('--health-url', '--health-url', [CompletionResultType]::ParameterName, 'The collector''s health_check extension [default: otelkit.toml, http://<OTLP host>:13133/]')
            [CompletionResult]::new('--telemetry-url', '--telemetry-url', [CompletionResultType]::ParameterName, 'The collector''s own metrics; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'How the collector hands metrics to Prometheus, as `gen collector --metrics` wrote it: doctor checks that hop, and a scrape job off it is a leftover [default: otelkit.toml [collector] metrics, prometheus]')
            [CompletionResult]::new('--unreachable-grace', '--unreachable-grace', [CompletionResultType]::ParameterName, 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (one testcase per check) to FILE')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the hop-by-hop test waits for the run to be queryable (e.g. 20, 20s, 1m)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the backends'' TLS certificates (only by this explicit flag)')
            [CompletionResult]::new('--no-emit', '--no-emit', [CompletionResultType]::ParameterName, 'Skip the hop-by-hop test (it sends one smoke run through the pipeline)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;canary' {
            [CompletionResult]::new('--tempo-url', '--tempo-url', [CompletionResultType]::ParameterName, 'Tempo''s query API [default: http://localhost:3200]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus''s query API [default: http://localhost:9090]')
            [CompletionResult]::new('--loki-url', '--loki-url', [CompletionResultType]::ParameterName, 'Loki''s API [default: http://localhost:3100]')
            [CompletionResult]::new('--jaeger-url', '--jaeger-url', [CompletionResultType]::ParameterName, 'Jaeger''s query API (with --traces-backend jaeger) [default: http://localhost:16686]')
            [CompletionResult]::new('--victorialogs-url', '--victorialogs-url', [CompletionResultType]::ParameterName, 'VictoriaLogs'' API (with --logs-backend victorialogs) [default: http://localhost:9428]')
            [CompletionResult]::new('--victoriametrics-url', '--victoriametrics-url', [CompletionResultType]::ParameterName, 'VictoriaMetrics'' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]')
            [CompletionResult]::new('--traces-backend', '--traces-backend', [CompletionResultType]::ParameterName, 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]')
            [CompletionResult]::new('--logs-backend', '--logs-backend', [CompletionResultType]::ParameterName, 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]')
            [CompletionResult]::new('--metrics-backend', '--metrics-backend', [CompletionResultType]::ParameterName, 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]')
            [CompletionResult]::new('--grafana', '--grafana', [CompletionResultType]::ParameterName, 'Query the backends through Grafana''s datasource proxy at URL')
            [CompletionResult]::new('--grafana-traces-uid', '--grafana-traces-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-tempo-uid', '--grafana-tempo-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-logs-uid', '--grafana-logs-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-loki-uid', '--grafana-loki-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-metrics-uid', '--grafana-metrics-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--grafana-prometheus-uid', '--grafana-prometheus-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header on every backend query (repeatable); values of credential-like names are never shown')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle to verify the backends'' TLS certificates')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'The collector''s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]')
            [CompletionResult]::new('--service-name', '--service-name', [CompletionResultType]::ParameterName, 'service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]')
            [CompletionResult]::new('--signals', '--signals', [CompletionResultType]::ParameterName, 'Which signals to send and verify')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a signal after this long (e.g. 60, 90s, 2m; a bare number is seconds)')
            [CompletionResult]::new('--unreachable-grace', '--unreachable-grace', [CompletionResultType]::ParameterName, 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two runs (e.g. 500ms, 60s, 5m); a run still going delays the next')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N runs; the exit status is then the last run''s [default: run until stopped]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address of the HTTP endpoints /metrics, /healthz and /ready')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the backends'' TLS certificates (only by this explicit flag)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;load' {
            [CompletionResult]::new('--tempo-url', '--tempo-url', [CompletionResultType]::ParameterName, 'Tempo''s query API [default: http://localhost:3200]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus''s query API [default: http://localhost:9090]')
            [CompletionResult]::new('--loki-url', '--loki-url', [CompletionResultType]::ParameterName, 'Loki''s API [default: http://localhost:3100]')
            [CompletionResult]::new('--jaeger-url', '--jaeger-url', [CompletionResultType]::ParameterName, 'Jaeger''s query API (with --traces-backend jaeger) [default: http://localhost:16686]')
            [CompletionResult]::new('--victorialogs-url', '--victorialogs-url', [CompletionResultType]::ParameterName, 'VictoriaLogs'' API (with --logs-backend victorialogs) [default: http://localhost:9428]')
            [CompletionResult]::new('--victoriametrics-url', '--victoriametrics-url', [CompletionResultType]::ParameterName, 'VictoriaMetrics'' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]')
            [CompletionResult]::new('--traces-backend', '--traces-backend', [CompletionResultType]::ParameterName, 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]')
            [CompletionResult]::new('--logs-backend', '--logs-backend', [CompletionResultType]::ParameterName, 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]')
            [CompletionResult]::new('--metrics-backend', '--metrics-backend', [CompletionResultType]::ParameterName, 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]')
            [CompletionResult]::new('--metric-namespace', '--metric-namespace', [CompletionResultType]::ParameterName, 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]')
            [CompletionResult]::new('--grafana', '--grafana', [CompletionResultType]::ParameterName, 'Query the backends through Grafana''s datasource proxy at URL')
            [CompletionResult]::new('--grafana-traces-uid', '--grafana-traces-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-tempo-uid', '--grafana-tempo-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]')
            [CompletionResult]::new('--grafana-logs-uid', '--grafana-logs-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-loki-uid', '--grafana-loki-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]')
            [CompletionResult]::new('--grafana-metrics-uid', '--grafana-metrics-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--grafana-prometheus-uid', '--grafana-prometheus-uid', [CompletionResultType]::ParameterName, 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header on every backend query (repeatable); values of credential-like names are never shown')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'CA bundle to verify the backends'' TLS certificates')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'The collector''s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]')
            [CompletionResult]::new('--signals', '--signals', [CompletionResultType]::ParameterName, 'Which signals to send and verify')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Items per second of each signal, across all workers (0: as fast as possible)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send (e.g. 30s, 2m)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many items of each signal to send')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Concurrent senders per signal')
            [CompletionResult]::new('--spans-per-trace', '--spans-per-trace', [CompletionResultType]::ParameterName, 'Spans in each trace')
            [CompletionResult]::new('--attributes', '--attributes', [CompletionResultType]::ParameterName, 'Extra attribute on every span, log record and metric point (repeatable)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Items in each export request, at most a tenth of a second''s worth at --rate')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'The longest wait for the backends to show everything accepted (e.g. 90s); a count that stops growing for an eighth of it (or stays at 0 for half) ends sooner')
            [CompletionResult]::new('--max-loss', '--max-loss', [CompletionResultType]::ParameterName, 'Exit 1 when more than this percentage of a signal was lost or is not yet visible (0: any fails)')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)')
            [CompletionResult]::new('--service-name', '--service-name', [CompletionResultType]::ParameterName, 'service.name of the generated telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-load]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout of each backend query and export (e.g. 30, 30s, 1m)')
            [CompletionResult]::new('--unreachable-grace', '--unreachable-grace', [CompletionResultType]::ParameterName, 'Stop counting in a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet counted waits --settle')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (one testcase per signal and hop) to FILE')
            [CompletionResult]::new('--telemetry-url', '--telemetry-url', [CompletionResultType]::ParameterName, 'The collector''s own metrics, read before and after for loss per hop; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the backends'' TLS certificates (only by this explicit flag)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not look for the data in Tempo, Loki and Prometheus afterwards')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;up' {
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Which servers to run [default: otelkit.toml [up] stack, jaeger-victoria]')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where configs, data, logs and state.json go [default: otelkit.toml [up] dir, .otelkit/up]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Take the release archives (and checksum files) or bare binaries from DIR; download nothing')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Download from URL in place of https://github.com (same paths below it) [default: OTELKIT_MIRROR, otelkit.toml [up] mirror]')
            [CompletionResult]::new('--use', '--use', [CompletionResultType]::ParameterName, 'A server you already run, used instead of started (e.g. victoriametrics=http://127.0.0.1:8428); repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Say what runs and start nothing (exit 1 when a recorded server is not running)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;down' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory `otelkit up` used [default: .otelkit/up]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format of commands that report')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The project settings file [default: ./otelkit.toml, then the nearest one above]')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Use templates from DIR in place of the built-in ones of the same name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More output on stderr (-v, -vv)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore otelkit.toml (and OTELKIT_CONFIG)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'otelkit;help' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)')
            [CompletionResult]::new('smoke-test', 'smoke-test', [CompletionResultType]::ParameterValue, 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check a collector config without running it')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check each hop of a running pipeline and name the broken one')
            [CompletionResult]::new('canary', 'canary', [CompletionResultType]::ParameterValue, 'Run the smoke test continuously and serve its results as Prometheus metrics')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Drive a pipeline at a known rate and prove what it lost, hop by hop and in the backends')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start the collector and its stores as local processes, no Docker: fetched, verified, configured, ready')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop what `otelkit up` started')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otelkit;help;gen' {
            [CompletionResult]::new('collector', 'collector', [CompletionResultType]::ParameterValue, 'An OpenTelemetry Collector config for the reference architecture')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Kubernetes manifests that run that collector')
            [CompletionResult]::new('compose', 'compose', [CompletionResultType]::ParameterValue, 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana')
            [CompletionResult]::new('grafana', 'grafana', [CompletionResultType]::ParameterValue, 'Grafana datasources (signals linked) and dashboards')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules for the services and the pipeline')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check')
            break
        }
        'otelkit;help;gen;collector' {
            break
        }
        'otelkit;help;gen;k8s' {
            break
        }
        'otelkit;help;gen;compose' {
            break
        }
        'otelkit;help;gen;grafana' {
            break
        }
        'otelkit;help;gen;alerts' {
            break
        }
        'otelkit;help;gen;ci' {
            break
        }
        'otelkit;help;init' {
            break
        }
        'otelkit;help;smoke-test' {
            break
        }
        'otelkit;help;lint' {
            break
        }
        'otelkit;help;doctor' {
            break
        }
        'otelkit;help;canary' {
            break
        }
        'otelkit;help;load' {
            break
        }
        'otelkit;help;up' {
            break
        }
        'otelkit;help;down' {
            break
        }
        'otelkit;help;completions' {
            break
        }
        'otelkit;help;man' {
            break
        }
        'otelkit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
