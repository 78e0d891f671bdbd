
use builtin;
use str;

set edit:completion:arg-completer[otelkit] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'otelkit'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'otelkit'= {
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand gen 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts'
            cand init 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)'
            cand smoke-test 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki'
            cand lint 'Check a collector config without running it'
            cand doctor 'Check each hop of a running pipeline and name the broken one'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otelkit;gen'= {
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand collector 'An OpenTelemetry Collector config for the reference architecture'
            cand k8s 'Kubernetes manifests that run that collector'
            cand compose 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
            cand grafana 'Grafana datasources (signals linked) and dashboards'
            cand alerts 'Prometheus alerting rules for the services and the pipeline'
            cand ci 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otelkit;gen;collector'= {
            cand --traces 'Where traces go'
            cand --metrics 'How metrics reach Prometheus'
            cand --logs 'Where logs go'
            cand --mode 'gateway (a central Deployment) or agent (one per node)'
            cand --collector-version 'Collector release the config is written for; decides component names'
            cand --metric-namespace 'Prefix of every metric the prometheus exporter exposes'
            cand --environment 'deployment.environment.name added to all telemetry'
            cand --tempo-endpoint 'Tempo''s OTLP gRPC address'
            cand --prometheus-endpoint 'Prometheus base URL (remote write and OTLP modes)'
            cand --loki-endpoint 'Loki base URL (its OTLP endpoint is <URL>/otlp)'
            cand --tenant 'Tenant sent as X-Scope-OrgID to Tempo and Loki'
            cand --auth-token-env 'Environment variable holding a bearer token for the backends (written as ${env:VAR})'
            cand --ca-file 'CA bundle the collector uses to verify the backends'
            cand --insecure 'Plain-text gRPC to the traces backend [default: true unless --ca-file]'
            cand -o 'Write to FILE instead of stdout'
            cand --output 'Write to FILE instead of stdout'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --bind-all 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
            cand --check 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;k8s'= {
            cand --traces 'Where traces go'
            cand --metrics 'How metrics reach Prometheus'
            cand --logs 'Where logs go'
            cand --mode 'gateway (a central Deployment) or agent (one per node)'
            cand --collector-version 'Collector release the config is written for; decides component names'
            cand --metric-namespace 'Prefix of every metric the prometheus exporter exposes'
            cand --environment 'deployment.environment.name added to all telemetry'
            cand --tempo-endpoint 'Tempo''s OTLP gRPC address'
            cand --prometheus-endpoint 'Prometheus base URL (remote write and OTLP modes)'
            cand --loki-endpoint 'Loki base URL (its OTLP endpoint is <URL>/otlp)'
            cand --tenant 'Tenant sent as X-Scope-OrgID to Tempo and Loki'
            cand --auth-token-env 'Environment variable holding a bearer token for the backends (written as ${env:VAR})'
            cand --ca-file 'CA bundle the collector uses to verify the backends'
            cand --insecure 'Plain-text gRPC to the traces backend [default: true unless --ca-file]'
            cand --namespace 'Kubernetes namespace'
            cand --replicas 'Gateway replicas'
            cand --dir 'Write one file per resource and a kustomization.yaml into DIR instead of one stream'
            cand -o 'Write the stream to FILE instead of stdout'
            cand --output 'Write the stream to FILE instead of stdout'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --bind-all 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
            cand --check 'Compare with what is on disk; exit 1 with a diff when it differs'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;compose'= {
            cand --traces 'Where traces go'
            cand --metrics 'How metrics reach Prometheus'
            cand --logs 'Where logs go'
            cand --mode 'gateway (a central Deployment) or agent (one per node)'
            cand --collector-version 'Collector release the config is written for; decides component names'
            cand --metric-namespace 'Prefix of every metric the prometheus exporter exposes'
            cand --environment 'deployment.environment.name added to all telemetry'
            cand --tempo-endpoint 'Tempo''s OTLP gRPC address'
            cand --prometheus-endpoint 'Prometheus base URL (remote write and OTLP modes)'
            cand --loki-endpoint 'Loki base URL (its OTLP endpoint is <URL>/otlp)'
            cand --tenant 'Tenant sent as X-Scope-OrgID to Tempo and Loki'
            cand --auth-token-env 'Environment variable holding a bearer token for the backends (written as ${env:VAR})'
            cand --ca-file 'CA bundle the collector uses to verify the backends'
            cand --insecure 'Plain-text gRPC to the traces backend [default: true unless --ca-file]'
            cand -d 'Directory to write docker-compose.yaml and the files it mounts into'
            cand --dir 'Directory to write docker-compose.yaml and the files it mounts into'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --bind-all 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
            cand --check 'Compare with what is in DIR; exit 1 with a diff when it differs'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;grafana'= {
            cand --traces 'Where traces go'
            cand --metrics 'How metrics reach Prometheus'
            cand --logs 'Where logs go'
            cand --mode 'gateway (a central Deployment) or agent (one per node)'
            cand --collector-version 'Collector release the config is written for; decides component names'
            cand --metric-namespace 'Prefix of every metric the prometheus exporter exposes'
            cand --environment 'deployment.environment.name added to all telemetry'
            cand --tempo-endpoint 'Tempo''s OTLP gRPC address'
            cand --prometheus-endpoint 'Prometheus base URL (remote write and OTLP modes)'
            cand --loki-endpoint 'Loki base URL (its OTLP endpoint is <URL>/otlp)'
            cand --tenant 'Tenant sent as X-Scope-OrgID to Tempo and Loki'
            cand --auth-token-env 'Environment variable holding a bearer token for the backends (written as ${env:VAR})'
            cand --ca-file 'CA bundle the collector uses to verify the backends'
            cand --insecure 'Plain-text gRPC to the traces backend [default: true unless --ca-file]'
            cand -d 'Directory to write provisioning/ and dashboards/ into'
            cand --dir 'Directory to write provisioning/ and dashboards/ into'
            cand --grafana-prometheus-url 'Prometheus as Grafana reaches it'
            cand --grafana-tempo-url 'Tempo as Grafana reaches it'
            cand --grafana-loki-url 'Loki as Grafana reaches it'
            cand --dashboards-path 'Where Grafana reads the dashboard files (the provider''s path)'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --bind-all 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
            cand --check 'Compare with what is in DIR; exit 1 with a diff when it differs'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;alerts'= {
            cand --traces 'Where traces go'
            cand --metrics 'How metrics reach Prometheus'
            cand --logs 'Where logs go'
            cand --mode 'gateway (a central Deployment) or agent (one per node)'
            cand --collector-version 'Collector release the config is written for; decides component names'
            cand --metric-namespace 'Prefix of every metric the prometheus exporter exposes'
            cand --environment 'deployment.environment.name added to all telemetry'
            cand --tempo-endpoint 'Tempo''s OTLP gRPC address'
            cand --prometheus-endpoint 'Prometheus base URL (remote write and OTLP modes)'
            cand --loki-endpoint 'Loki base URL (its OTLP endpoint is <URL>/otlp)'
            cand --tenant 'Tenant sent as X-Scope-OrgID to Tempo and Loki'
            cand --auth-token-env 'Environment variable holding a bearer token for the backends (written as ${env:VAR})'
            cand --ca-file 'CA bundle the collector uses to verify the backends'
            cand --insecure 'Plain-text gRPC to the traces backend [default: true unless --ca-file]'
            cand -o 'Write to FILE instead of stdout'
            cand --output 'Write to FILE instead of stdout'
            cand --error-ratio 'Fire when more than this share of HTTP requests fail (5xx)'
            cand --latency-p99 'Fire when HTTP p99 latency exceeds this many seconds'
            cand --llm-latency-p99 'Fire when LLM call p99 latency exceeds this many seconds'
            cand --token-burn-per-hour 'Fire when a service burns more chat tokens than this in an hour'
            cand --queue-ratio 'Fire when an exporter''s sending queue is fuller than this share'
            cand --for 'How long a service condition must hold before it fires'
            cand --pipeline-for 'How long a pipeline condition must hold before it fires'
            cand --runbook-url 'Base URL of the runbooks; each alert links to <URL>#<alertname>'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --bind-all 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
            cand --check 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;ci'= {
            cand --endpoints 'compose: start the stack `gen compose` writes in the job; external: your endpoints, from CI variables'
            cand --service-cmd 'Start your service first (a shell command, in the background, with OTEL_* pointing at the pipeline)'
            cand --otelkit-version 'The otelkit release the job installs [default: this otelkit''s version]'
            cand -o 'Write to FILE instead of stdout'
            cand --output 'Write to FILE instead of stdout'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --check 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;gen;help'= {
            cand collector 'An OpenTelemetry Collector config for the reference architecture'
            cand k8s 'Kubernetes manifests that run that collector'
            cand compose 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
            cand grafana 'Grafana datasources (signals linked) and dashboards'
            cand alerts 'Prometheus alerting rules for the services and the pipeline'
            cand ci 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otelkit;gen;help;collector'= {
        }
        &'otelkit;gen;help;k8s'= {
        }
        &'otelkit;gen;help;compose'= {
        }
        &'otelkit;gen;help;grafana'= {
        }
        &'otelkit;gen;help;alerts'= {
        }
        &'otelkit;gen;help;ci'= {
        }
        &'otelkit;gen;help;help'= {
        }
        &'otelkit;init'= {
            cand --lang 'The language, when detection finds several or none'
            cand --service-name 'service.name [default: the project''s name]'
            cand --environment 'deployment.environment.name written as the default'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --all 'Initialise every service found below PATH'
            cand --dry-run 'Print a unified diff of everything init would write, and write nothing'
            cand --force 'Overwrite telemetry files that were changed since otelkit wrote them'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;smoke-test'= {
            cand --tempo-url 'Tempo''s query API [default: http://localhost:3200]'
            cand --prometheus-url 'Prometheus''s query API [default: http://localhost:9090]'
            cand --loki-url 'Loki''s API [default: http://localhost:3100]'
            cand --metric-namespace 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]'
            cand --tenant 'X-Scope-OrgID on exports and queries'
            cand --ca-file 'CA bundle to verify the backends'' TLS certificates'
            cand --otlp-endpoint 'Where to send OTLP [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]'
            cand --protocol 'grpc or http/protobuf [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]'
            cand --service-name 'service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]'
            cand --grafana 'Query the backends through Grafana''s datasource proxy at URL'
            cand --grafana-tempo-uid 'Grafana datasource UID of Tempo'
            cand --grafana-loki-uid 'Grafana datasource UID of Loki'
            cand --grafana-prometheus-uid 'Grafana datasource UID of Prometheus'
            cand --signals 'Which signals to emit and verify'
            cand --timeout 'Give up on a signal after this many seconds'
            cand --header 'Extra header on every backend query (repeatable); values of credential-like names are never shown'
            cand --junit 'Write a JUnit XML report (one testcase per check) to FILE'
            cand --run-id 'Tag the run with this id instead of a random one'
            cand --telemetry-url 'The collector''s own metrics, for --diagnose [default: otelkit.toml, http://localhost:8888/metrics]'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --insecure-skip-verify 'Do not verify the backends'' TLS certificates (only by this explicit flag)'
            cand --explain 'Print every query and an equivalent curl command before running'
            cand --diagnose 'When a check fails, run `otelkit doctor`''s checks to name the broken hop'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;lint'= {
            cand --collector-version 'Collector release the config is for; decides which component names are current'
            cand --environment 'deployment.environment.name, for the production checks [default: read from the config]'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;doctor'= {
            cand --tempo-url 'Tempo''s query API [default: http://localhost:3200]'
            cand --prometheus-url 'Prometheus''s query API [default: http://localhost:9090]'
            cand --loki-url 'Loki''s API [default: http://localhost:3100]'
            cand --metric-namespace 'Prefix the collector''s prometheus exporter puts on metric names [default: otelkit.toml]'
            cand --tenant 'X-Scope-OrgID on exports and queries'
            cand --ca-file 'CA bundle to verify the backends'' TLS certificates'
            cand --otlp-endpoint 'The collector''s OTLP/HTTP address [default: otelkit.toml, http://localhost:4318]'
            cand --otlp-grpc-endpoint 'The collector''s OTLP/gRPC address'
            cand --health-url 'The collector''s health_check extension [default: otelkit.toml, http://localhost:13133/]'
            cand --telemetry-url 'The collector''s own metrics [default: otelkit.toml, http://localhost:8888/metrics]'
            cand --timeout 'How long the hop-by-hop test waits for the run to be queryable, in seconds'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand --insecure-skip-verify 'Do not verify the backends'' TLS certificates (only by this explicit flag)'
            cand --no-emit 'Skip the hop-by-hop test (it sends one smoke run through the pipeline)'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;completions'= {
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;man'= {
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --format 'Report format of commands that report'
            cand --config 'The project settings file [default: ./otelkit.toml, then the nearest one above]'
            cand --templates 'Use templates from DIR in place of the built-in ones of the same name'
            cand -v 'More output on stderr (-v, -vv)'
            cand --verbose 'More output on stderr (-v, -vv)'
            cand -q 'Only results and errors'
            cand --quiet 'Only results and errors'
            cand --no-config 'Ignore otelkit.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'otelkit;help'= {
            cand gen 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts'
            cand init 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)'
            cand smoke-test 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki'
            cand lint 'Check a collector config without running it'
            cand doctor 'Check each hop of a running pipeline and name the broken one'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otelkit;help;gen'= {
            cand collector 'An OpenTelemetry Collector config for the reference architecture'
            cand k8s 'Kubernetes manifests that run that collector'
            cand compose 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
            cand grafana 'Grafana datasources (signals linked) and dashboards'
            cand alerts 'Prometheus alerting rules for the services and the pipeline'
            cand ci 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
        }
        &'otelkit;help;gen;collector'= {
        }
        &'otelkit;help;gen;k8s'= {
        }
        &'otelkit;help;gen;compose'= {
        }
        &'otelkit;help;gen;grafana'= {
        }
        &'otelkit;help;gen;alerts'= {
        }
        &'otelkit;help;gen;ci'= {
        }
        &'otelkit;help;init'= {
        }
        &'otelkit;help;smoke-test'= {
        }
        &'otelkit;help;lint'= {
        }
        &'otelkit;help;doctor'= {
        }
        &'otelkit;help;completions'= {
        }
        &'otelkit;help;man'= {
        }
        &'otelkit;help;help'= {
        }
    ]
    $completions[$command]
}
