# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_otelkit_global_optspecs
    string join \n v/verbose q/quiet color= format= config= no-config templates= show-settings h/help V/version
end

function __fish_otelkit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_otelkit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_otelkit_using_subcommand
    set -l cmd (__fish_otelkit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c otelkit -n "__fish_otelkit_needs_command" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_needs_command" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_needs_command" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_needs_command" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_needs_command" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_needs_command" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_needs_command" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_needs_command" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_needs_command" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_needs_command" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "gen" -d 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "init" -d 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "smoke-test" -d 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "lint" -d 'Check a collector config without running it'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "doctor" -d 'Check each hop of a running pipeline and name the broken one'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "canary" -d 'Run the smoke test continuously and serve its results as Prometheus metrics'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "load" -d 'Drive a pipeline at a known rate and prove what it lost, hop by hop and in the backends'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "up" -d 'Start the collector and its stores as local processes, no Docker: fetched, verified, configured, ready'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "down" -d 'Stop what `otelkit up` started'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c otelkit -n "__fish_otelkit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "collector" -d 'An OpenTelemetry Collector config for the reference architecture'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "k8s" -d 'Kubernetes manifests that run that collector'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "compose" -d 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "grafana" -d 'Grafana datasources (signals linked) and dashboards'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "alerts" -d 'Prometheus alerting rules for the services and the pipeline'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "ci" -d 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and not __fish_seen_subcommand_from collector k8s compose grafana alerts ci help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l traces -d 'Where traces go' -r -f -a "tempo\t''
jaeger\t'Jaeger v2\'s OTLP gRPC receiver (4317)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l metrics -d 'How metrics reach Prometheus' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l logs -d 'Where logs go' -r -f -a "loki\t''
victorialogs\t'VictoriaLogs\'s OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l mode -d 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)' -r -f -a "gateway\t'One tier: applications -> this collector -> the backends'
agent\t'On every node: adds the pod\'s identity (k8s_attributes, passthrough) and forwards everything over OTLP to the next tier (`otel-collector:4317`)'
load-balancer\t'The stateless tier in front of the samplers: routes traces by trace id (load_balancing) to the sampler tier\'s headless Service; metrics and logs go to the backends'
sampler\t'Tail sampling: takes the traces the load balancer routed here, whole, keeps those the policies pick and sends them to the traces backend'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l resolver -d 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]' -r -f -a "k8s\t'The Kubernetes API\'s EndpointSlices: a sampler pod\'s coming or going is seen at once (needs a Role, which gen k8s writes)'
dns\t'DNS, polled every 5s: no RBAC'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l gateway-endpoint -d 'Where agents send everything (OTLP gRPC); gen k8s names the gateway\'s Service after its host [default: otel-collector:4317]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l sampler-service -d 'The sampler tier\'s headless Service, which the load balancer resolves [default: otel-sampler-headless]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l collector-version -d 'Collector release the config is written for; decides component names' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l metric-namespace -d 'Prefix of every metric the prometheus exporter exposes' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l translation-strategy -d 'Prometheus\'s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]' -r -f -a "UnderscoreEscapingWithSuffixes\t'`http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus\'s default'
UnderscoreEscapingWithoutSuffixes\t'`http_server_request_duration`, `chat_tokens`'
NoUTF8EscapingWithSuffixes\t'`http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots'
NoTranslation\t'Names and labels exactly as sent (experimental in Prometheus)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l environment -d 'deployment.environment.name added to all telemetry' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l tempo-endpoint -d 'Tempo\'s OTLP gRPC address' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l jaeger-endpoint -d 'Jaeger\'s OTLP gRPC address (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l prometheus-endpoint -d 'Prometheus base URL (remote write and OTLP modes)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l victoriametrics-endpoint -d 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l loki-endpoint -d 'Loki base URL (its OTLP endpoint is <URL>/otlp)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l victorialogs-endpoint -d 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l tenant -d 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l auth-token-env -d 'Environment variable holding a bearer token for the backends (written as ${env:VAR})' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l ca-file -d 'CA bundle the collector uses to verify the backends' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l insecure -d 'Plain-text gRPC to the traces backend [default: true unless --ca-file]' -r -f -a "true\t''
false\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l persistent-queue -d 'Agents queue what they send to the next tier on the node\'s disk (file_storage; gen k8s mounts a hostPath)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l bind-all -d 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l check -d 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from collector" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l traces -d 'Where traces go' -r -f -a "tempo\t''
jaeger\t'Jaeger v2\'s OTLP gRPC receiver (4317)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l metrics -d 'How metrics reach Prometheus' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l logs -d 'Where logs go' -r -f -a "loki\t''
victorialogs\t'VictoriaLogs\'s OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l mode -d 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)' -r -f -a "gateway\t'One tier: applications -> this collector -> the backends'
agent\t'On every node: adds the pod\'s identity (k8s_attributes, passthrough) and forwards everything over OTLP to the next tier (`otel-collector:4317`)'
load-balancer\t'The stateless tier in front of the samplers: routes traces by trace id (load_balancing) to the sampler tier\'s headless Service; metrics and logs go to the backends'
sampler\t'Tail sampling: takes the traces the load balancer routed here, whole, keeps those the policies pick and sends them to the traces backend'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l resolver -d 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]' -r -f -a "k8s\t'The Kubernetes API\'s EndpointSlices: a sampler pod\'s coming or going is seen at once (needs a Role, which gen k8s writes)'
dns\t'DNS, polled every 5s: no RBAC'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l gateway-endpoint -d 'Where agents send everything (OTLP gRPC); gen k8s names the gateway\'s Service after its host [default: otel-collector:4317]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l sampler-service -d 'The sampler tier\'s headless Service, which the load balancer resolves [default: otel-sampler-headless]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l collector-version -d 'Collector release the config is written for; decides component names' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l metric-namespace -d 'Prefix of every metric the prometheus exporter exposes' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l translation-strategy -d 'Prometheus\'s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]' -r -f -a "UnderscoreEscapingWithSuffixes\t'`http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus\'s default'
UnderscoreEscapingWithoutSuffixes\t'`http_server_request_duration`, `chat_tokens`'
NoUTF8EscapingWithSuffixes\t'`http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots'
NoTranslation\t'Names and labels exactly as sent (experimental in Prometheus)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l environment -d 'deployment.environment.name added to all telemetry' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l tempo-endpoint -d 'Tempo\'s OTLP gRPC address' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l jaeger-endpoint -d 'Jaeger\'s OTLP gRPC address (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l prometheus-endpoint -d 'Prometheus base URL (remote write and OTLP modes)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l victoriametrics-endpoint -d 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l loki-endpoint -d 'Loki base URL (its OTLP endpoint is <URL>/otlp)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l victorialogs-endpoint -d 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l tenant -d 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l auth-token-env -d 'Environment variable holding a bearer token for the backends (written as ${env:VAR})' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l ca-file -d 'CA bundle the collector uses to verify the backends' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l insecure -d 'Plain-text gRPC to the traces backend [default: true unless --ca-file]' -r -f -a "true\t''
false\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l namespace -d 'Kubernetes namespace' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l replicas -d 'Gateway replicas' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l dir -d 'Write one file per resource and a kustomization.yaml into DIR instead of one stream' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -s o -l output -d 'Write the stream to FILE instead of stdout' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l image -d 'The otelkit image the canary runs (build it with the repository\'s Dockerfile)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l canary-interval -d 'How often the canary runs the smoke test' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l persistent-queue -d 'Agents queue what they send to the next tier on the node\'s disk (file_storage; gen k8s mounts a hostPath)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l bind-all -d 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l check -d 'Compare with what is on disk; exit 1 with a diff when it differs'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l prometheus-operator -d 'Scrape the collector through a Prometheus Operator ServiceMonitor instead of prometheus.io annotations'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l canary -d 'Add an `otelkit canary` Deployment and Service (scraped through prometheus.io annotations)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from k8s" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l traces -d 'Where traces go' -r -f -a "tempo\t''
jaeger\t'Jaeger v2\'s OTLP gRPC receiver (4317)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l metrics -d 'How metrics reach Prometheus' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l logs -d 'Where logs go' -r -f -a "loki\t''
victorialogs\t'VictoriaLogs\'s OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l mode -d 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)' -r -f -a "gateway\t'One tier: applications -> this collector -> the backends'
agent\t'On every node: adds the pod\'s identity (k8s_attributes, passthrough) and forwards everything over OTLP to the next tier (`otel-collector:4317`)'
load-balancer\t'The stateless tier in front of the samplers: routes traces by trace id (load_balancing) to the sampler tier\'s headless Service; metrics and logs go to the backends'
sampler\t'Tail sampling: takes the traces the load balancer routed here, whole, keeps those the policies pick and sends them to the traces backend'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l resolver -d 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]' -r -f -a "k8s\t'The Kubernetes API\'s EndpointSlices: a sampler pod\'s coming or going is seen at once (needs a Role, which gen k8s writes)'
dns\t'DNS, polled every 5s: no RBAC'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l gateway-endpoint -d 'Where agents send everything (OTLP gRPC); gen k8s names the gateway\'s Service after its host [default: otel-collector:4317]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l sampler-service -d 'The sampler tier\'s headless Service, which the load balancer resolves [default: otel-sampler-headless]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l collector-version -d 'Collector release the config is written for; decides component names' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l metric-namespace -d 'Prefix of every metric the prometheus exporter exposes' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l translation-strategy -d 'Prometheus\'s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]' -r -f -a "UnderscoreEscapingWithSuffixes\t'`http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus\'s default'
UnderscoreEscapingWithoutSuffixes\t'`http_server_request_duration`, `chat_tokens`'
NoUTF8EscapingWithSuffixes\t'`http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots'
NoTranslation\t'Names and labels exactly as sent (experimental in Prometheus)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l environment -d 'deployment.environment.name added to all telemetry' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l tempo-endpoint -d 'Tempo\'s OTLP gRPC address' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l jaeger-endpoint -d 'Jaeger\'s OTLP gRPC address (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l prometheus-endpoint -d 'Prometheus base URL (remote write and OTLP modes)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l victoriametrics-endpoint -d 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l loki-endpoint -d 'Loki base URL (its OTLP endpoint is <URL>/otlp)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l victorialogs-endpoint -d 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l tenant -d 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l auth-token-env -d 'Environment variable holding a bearer token for the backends (written as ${env:VAR})' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l ca-file -d 'CA bundle the collector uses to verify the backends' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l insecure -d 'Plain-text gRPC to the traces backend [default: true unless --ca-file]' -r -f -a "true\t''
false\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -s d -l dir -d 'Directory to write docker-compose.yaml and the files it mounts into' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l persistent-queue -d 'Agents queue what they send to the next tier on the node\'s disk (file_storage; gen k8s mounts a hostPath)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l bind-all -d 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l check -d 'Compare with what is in DIR; exit 1 with a diff when it differs'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from compose" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l traces -d 'Where traces go' -r -f -a "tempo\t''
jaeger\t'Jaeger v2\'s OTLP gRPC receiver (4317)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l metrics -d 'How metrics reach Prometheus' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l logs -d 'Where logs go' -r -f -a "loki\t''
victorialogs\t'VictoriaLogs\'s OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l mode -d 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)' -r -f -a "gateway\t'One tier: applications -> this collector -> the backends'
agent\t'On every node: adds the pod\'s identity (k8s_attributes, passthrough) and forwards everything over OTLP to the next tier (`otel-collector:4317`)'
load-balancer\t'The stateless tier in front of the samplers: routes traces by trace id (load_balancing) to the sampler tier\'s headless Service; metrics and logs go to the backends'
sampler\t'Tail sampling: takes the traces the load balancer routed here, whole, keeps those the policies pick and sends them to the traces backend'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l resolver -d 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]' -r -f -a "k8s\t'The Kubernetes API\'s EndpointSlices: a sampler pod\'s coming or going is seen at once (needs a Role, which gen k8s writes)'
dns\t'DNS, polled every 5s: no RBAC'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l gateway-endpoint -d 'Where agents send everything (OTLP gRPC); gen k8s names the gateway\'s Service after its host [default: otel-collector:4317]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l sampler-service -d 'The sampler tier\'s headless Service, which the load balancer resolves [default: otel-sampler-headless]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l collector-version -d 'Collector release the config is written for; decides component names' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l metric-namespace -d 'Prefix of every metric the prometheus exporter exposes' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l translation-strategy -d 'Prometheus\'s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]' -r -f -a "UnderscoreEscapingWithSuffixes\t'`http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus\'s default'
UnderscoreEscapingWithoutSuffixes\t'`http_server_request_duration`, `chat_tokens`'
NoUTF8EscapingWithSuffixes\t'`http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots'
NoTranslation\t'Names and labels exactly as sent (experimental in Prometheus)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l environment -d 'deployment.environment.name added to all telemetry' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l tempo-endpoint -d 'Tempo\'s OTLP gRPC address' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l jaeger-endpoint -d 'Jaeger\'s OTLP gRPC address (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l prometheus-endpoint -d 'Prometheus base URL (remote write and OTLP modes)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l victoriametrics-endpoint -d 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l loki-endpoint -d 'Loki base URL (its OTLP endpoint is <URL>/otlp)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l victorialogs-endpoint -d 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l tenant -d 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l auth-token-env -d 'Environment variable holding a bearer token for the backends (written as ${env:VAR})' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l ca-file -d 'CA bundle the collector uses to verify the backends' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l insecure -d 'Plain-text gRPC to the traces backend [default: true unless --ca-file]' -r -f -a "true\t''
false\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -s d -l dir -d 'Directory to write provisioning/ and dashboards/ into' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-prometheus-url -d 'Prometheus as Grafana reaches it' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-tempo-url -d 'Tempo as Grafana reaches it' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-loki-url -d 'Loki as Grafana reaches it' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-jaeger-url -d 'Jaeger\'s query API as Grafana reaches it (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-victoriametrics-url -d 'VictoriaMetrics as Grafana reaches it (with --metrics victoriametrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l grafana-victorialogs-url -d 'VictoriaLogs as Grafana reaches it (with --logs victorialogs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l dashboards-path -d 'Where Grafana reads the dashboard files (the provider\'s path)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l persistent-queue -d 'Agents queue what they send to the next tier on the node\'s disk (file_storage; gen k8s mounts a hostPath)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l bind-all -d 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l check -d 'Compare with what is in DIR; exit 1 with a diff when it differs'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from grafana" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l traces -d 'Where traces go' -r -f -a "tempo\t''
jaeger\t'Jaeger v2\'s OTLP gRPC receiver (4317)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l metrics -d 'How metrics reach Prometheus' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l logs -d 'Where logs go' -r -f -a "loki\t''
victorialogs\t'VictoriaLogs\'s OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf)'
otlp\t''
debug\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l mode -d 'gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer (routes traces by trace id to the samplers), sampler (tail sampling)' -r -f -a "gateway\t'One tier: applications -> this collector -> the backends'
agent\t'On every node: adds the pod\'s identity (k8s_attributes, passthrough) and forwards everything over OTLP to the next tier (`otel-collector:4317`)'
load-balancer\t'The stateless tier in front of the samplers: routes traces by trace id (load_balancing) to the sampler tier\'s headless Service; metrics and logs go to the backends'
sampler\t'Tail sampling: takes the traces the load balancer routed here, whole, keeps those the policies pick and sends them to the traces backend'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l resolver -d 'How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]' -r -f -a "k8s\t'The Kubernetes API\'s EndpointSlices: a sampler pod\'s coming or going is seen at once (needs a Role, which gen k8s writes)'
dns\t'DNS, polled every 5s: no RBAC'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l gateway-endpoint -d 'Where agents send everything (OTLP gRPC); gen k8s names the gateway\'s Service after its host [default: otel-collector:4317]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l sampler-service -d 'The sampler tier\'s headless Service, which the load balancer resolves [default: otel-sampler-headless]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l collector-version -d 'Collector release the config is written for; decides component names' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l metric-namespace -d 'Prefix of every metric the prometheus exporter exposes' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l translation-strategy -d 'Prometheus\'s otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]' -r -f -a "UnderscoreEscapingWithSuffixes\t'`http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus\'s default'
UnderscoreEscapingWithoutSuffixes\t'`http_server_request_duration`, `chat_tokens`'
NoUTF8EscapingWithSuffixes\t'`http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots'
NoTranslation\t'Names and labels exactly as sent (experimental in Prometheus)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l environment -d 'deployment.environment.name added to all telemetry' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l tempo-endpoint -d 'Tempo\'s OTLP gRPC address' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l jaeger-endpoint -d 'Jaeger\'s OTLP gRPC address (with --traces jaeger)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l prometheus-endpoint -d 'Prometheus base URL (remote write and OTLP modes)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l victoriametrics-endpoint -d 'VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l loki-endpoint -d 'Loki base URL (its OTLP endpoint is <URL>/otlp)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l victorialogs-endpoint -d 'VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l tenant -d 'Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l auth-token-env -d 'Environment variable holding a bearer token for the backends (written as ${env:VAR})' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l ca-file -d 'CA bundle the collector uses to verify the backends' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l insecure -d 'Plain-text gRPC to the traces backend [default: true unless --ca-file]' -r -f -a "true\t''
false\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l error-ratio -d 'Fire when more than this share of HTTP requests fail (5xx)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l latency-p99 -d 'Fire when HTTP p99 latency exceeds this many seconds' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l llm-latency-p99 -d 'Fire when LLM call p99 latency exceeds this many seconds' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l token-burn-per-hour -d 'Fire when a service burns more chat tokens than this in an hour' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l queue-ratio -d 'Fire when an exporter\'s sending queue is fuller than this share' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l for -d 'How long a service condition must hold before it fires' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l pipeline-for -d 'How long a pipeline condition must hold before it fires' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l canary-failed-runs -d 'Fire when a canary check (otelkit canary) fails this many runs in a row' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l canary-no-success -d 'Fire when the canary has not passed for this long' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l runbook-url -d 'Base URL of the runbooks; each alert links to <URL>#<alertname>' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l persistent-queue -d 'Agents queue what they send to the next tier on the node\'s disk (file_storage; gen k8s mounts a hostPath)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l bind-all -d 'Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l check -d 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from alerts" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l endpoints -d 'compose: start the stack `gen compose` writes in the job (Docker); up: start the servers as processes with `otelkit up` (no Docker, no privileged runner); external: your endpoints, from CI variables' -r -f -a "compose\t''
external\t''
up\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l service-cmd -d 'Start your service first (a shell command, in the background, with OTEL_* pointing at the pipeline)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l otelkit-version -d 'The otelkit release the job installs [default: this otelkit\'s version]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l check -d 'Compare with the file(s) on disk; exit 1 with a diff when they differ'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from ci" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "collector" -d 'An OpenTelemetry Collector config for the reference architecture'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "k8s" -d 'Kubernetes manifests that run that collector'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "compose" -d 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "grafana" -d 'Grafana datasources (signals linked) and dashboards'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Prometheus alerting rules for the services and the pipeline'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "ci" -d 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
complete -c otelkit -n "__fish_otelkit_using_subcommand gen; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l lang -d 'The language, when detection finds several or none' -r -f -a "go\t''
rust\t''
python\t''
node\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l service-name -d 'service.name [default: the project\'s name]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l environment -d 'deployment.environment.name written as the default' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l metric-namespace -d 'Prefix of every metric the collector\'s prometheus exporter exposes, recorded in otelkit.toml for `gen`' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l all -d 'Initialise every service found below PATH'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l dry-run -d 'Print a unified diff of everything init would write, and write nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l force -d 'Overwrite telemetry files that were changed since otelkit wrote them'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand init" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l tempo-url -d 'Tempo\'s query API [default: http://localhost:3200]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l prometheus-url -d 'Prometheus\'s query API [default: http://localhost:9090]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l loki-url -d 'Loki\'s API [default: http://localhost:3100]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l jaeger-url -d 'Jaeger\'s query API (with --traces-backend jaeger) [default: http://localhost:16686]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l victorialogs-url -d 'VictoriaLogs\' API (with --logs-backend victorialogs) [default: http://localhost:9428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l victoriametrics-url -d 'VictoriaMetrics\' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l traces-backend -d 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]' -r -f -a "tempo\t''
jaeger\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l logs-backend -d 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]' -r -f -a "loki\t''
victorialogs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l metrics-backend -d 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]' -r -f -a "prometheus\t''
victoriametrics\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l metric-namespace -d 'Prefix the collector\'s prometheus exporter puts on metric names [default: otelkit.toml]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l tenant -d 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l grafana -d 'Query the backends through Grafana\'s datasource proxy at URL' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l grafana-traces-uid -l grafana-tempo-uid -d 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l grafana-logs-uid -l grafana-loki-uid -d 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l grafana-metrics-uid -l grafana-prometheus-uid -d 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l header -d 'Extra header on every backend query (repeatable); values of credential-like names are never shown' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l ca-file -d 'CA bundle to verify the backends\' TLS certificates' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l otlp-endpoint -d 'The collector\'s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l protocol -d 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]' -r -f -a "grpc\t''
http/protobuf\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l service-name -d 'service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l signals -d 'Which signals to send and verify' -r -f -a "traces\t''
metrics\t''
logs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l timeout -d 'Give up on a signal after this long (e.g. 60, 90s, 2m; a bare number is seconds)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l unreachable-grace -d 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l junit -d 'Write a JUnit XML report (one testcase per check) to FILE' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l run-id -d 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l telemetry-url -d 'The collector\'s own metrics, for --diagnose; repeat as TIER=URL for each collector tier in pipeline order [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l insecure-skip-verify -d 'Do not verify the backends\' TLS certificates (only by this explicit flag)'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l explain -d 'Print every query and an equivalent curl command before running'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l diagnose -d 'When a check fails, run `otelkit doctor`\'s checks to name the broken hop'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand smoke-test" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l collector-version -d 'Collector release the config is for; decides which component names are current' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l environment -d 'deployment.environment.name, for the production checks [default: read from the config]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l explain -d 'Explain a rule (what it finds, why it matters, how to fix it) instead of linting' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l deny-warnings -d 'Exit 1 on warnings too'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand lint" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l tempo-url -d 'Tempo\'s query API [default: http://localhost:3200]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l prometheus-url -d 'Prometheus\'s query API [default: http://localhost:9090]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l loki-url -d 'Loki\'s API [default: http://localhost:3100]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l jaeger-url -d 'Jaeger\'s query API (with --traces-backend jaeger) [default: http://localhost:16686]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l victorialogs-url -d 'VictoriaLogs\' API (with --logs-backend victorialogs) [default: http://localhost:9428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l victoriametrics-url -d 'VictoriaMetrics\' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l traces-backend -d 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]' -r -f -a "tempo\t''
jaeger\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l logs-backend -d 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]' -r -f -a "loki\t''
victorialogs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l metrics-backend -d 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]' -r -f -a "prometheus\t''
victoriametrics\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l metric-namespace -d 'Prefix the collector\'s prometheus exporter puts on metric names [default: otelkit.toml]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l tenant -d 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l grafana -d 'Query the backends through Grafana\'s datasource proxy at URL' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l grafana-traces-uid -l grafana-tempo-uid -d 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l grafana-logs-uid -l grafana-loki-uid -d 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l grafana-metrics-uid -l grafana-prometheus-uid -d 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l header -d 'Extra header on every backend query (repeatable); values of credential-like names are never shown' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l ca-file -d 'CA bundle to verify the backends\' TLS certificates' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l otlp-endpoint -d 'The collector\'s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l otlp-grpc-endpoint -d 'The collector\'s OTLP/gRPC address [default: port 4317 of the OTLP endpoint\'s host]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l health-url -d 'The collector\'s health_check extension [default: otelkit.toml, http://<OTLP host>:13133/]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l telemetry-url -d 'The collector\'s own metrics; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l metrics -d 'How the collector hands metrics to Prometheus, as `gen collector --metrics` wrote it: doctor checks that hop, and a scrape job off it is a leftover [default: otelkit.toml [collector] metrics, prometheus]' -r -f -a "prometheus\t''
remote-write\t''
otlp\t''
victoriametrics\t'VictoriaMetrics\'s OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf)'"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l unreachable-grace -d 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l junit -d 'Write a JUnit XML report (one testcase per check) to FILE' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l run-id -d 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l timeout -d 'How long the hop-by-hop test waits for the run to be queryable (e.g. 20, 20s, 1m)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l insecure-skip-verify -d 'Do not verify the backends\' TLS certificates (only by this explicit flag)'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l no-emit -d 'Skip the hop-by-hop test (it sends one smoke run through the pipeline)'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l tempo-url -d 'Tempo\'s query API [default: http://localhost:3200]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l prometheus-url -d 'Prometheus\'s query API [default: http://localhost:9090]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l loki-url -d 'Loki\'s API [default: http://localhost:3100]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l jaeger-url -d 'Jaeger\'s query API (with --traces-backend jaeger) [default: http://localhost:16686]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l victorialogs-url -d 'VictoriaLogs\' API (with --logs-backend victorialogs) [default: http://localhost:9428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l victoriametrics-url -d 'VictoriaMetrics\' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l traces-backend -d 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]' -r -f -a "tempo\t''
jaeger\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l logs-backend -d 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]' -r -f -a "loki\t''
victorialogs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l metrics-backend -d 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]' -r -f -a "prometheus\t''
victoriametrics\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l metric-namespace -d 'Prefix the collector\'s prometheus exporter puts on metric names [default: otelkit.toml]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l tenant -d 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l grafana -d 'Query the backends through Grafana\'s datasource proxy at URL' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l grafana-traces-uid -l grafana-tempo-uid -d 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l grafana-logs-uid -l grafana-loki-uid -d 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l grafana-metrics-uid -l grafana-prometheus-uid -d 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l header -d 'Extra header on every backend query (repeatable); values of credential-like names are never shown' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l ca-file -d 'CA bundle to verify the backends\' TLS certificates' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l otlp-endpoint -d 'The collector\'s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l protocol -d 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]' -r -f -a "grpc\t''
http/protobuf\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l service-name -d 'service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l signals -d 'Which signals to send and verify' -r -f -a "traces\t''
metrics\t''
logs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l timeout -d 'Give up on a signal after this long (e.g. 60, 90s, 2m; a bare number is seconds)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l unreachable-grace -d 'Report a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l interval -d 'Time between the starts of two runs (e.g. 500ms, 60s, 5m); a run still going delays the next' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l count -d 'Stop after N runs; the exit status is then the last run\'s [default: run until stopped]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l listen -d 'Address of the HTTP endpoints /metrics, /healthz and /ready' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l insecure-skip-verify -d 'Do not verify the backends\' TLS certificates (only by this explicit flag)'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand canary" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l tempo-url -d 'Tempo\'s query API [default: http://localhost:3200]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l prometheus-url -d 'Prometheus\'s query API [default: http://localhost:9090]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l loki-url -d 'Loki\'s API [default: http://localhost:3100]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l jaeger-url -d 'Jaeger\'s query API (with --traces-backend jaeger) [default: http://localhost:16686]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l victorialogs-url -d 'VictoriaLogs\' API (with --logs-backend victorialogs) [default: http://localhost:9428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l victoriametrics-url -d 'VictoriaMetrics\' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l traces-backend -d 'Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]' -r -f -a "tempo\t''
jaeger\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l logs-backend -d 'Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]' -r -f -a "loki\t''
victorialogs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l metrics-backend -d 'Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]' -r -f -a "prometheus\t''
victoriametrics\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l metric-namespace -d 'Prefix the collector\'s prometheus exporter puts on metric names [default: otelkit.toml]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l tenant -d 'Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l grafana -d 'Query the backends through Grafana\'s datasource proxy at URL' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l grafana-traces-uid -l grafana-tempo-uid -d 'Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l grafana-logs-uid -l grafana-loki-uid -d 'Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l grafana-metrics-uid -l grafana-prometheus-uid -d 'Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l header -d 'Extra header on every backend query (repeatable); values of credential-like names are never shown' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l ca-file -d 'CA bundle to verify the backends\' TLS certificates' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l otlp-endpoint -d 'The collector\'s OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l protocol -d 'OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]' -r -f -a "grpc\t''
http/protobuf\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l signals -d 'Which signals to send and verify' -r -f -a "traces\t''
metrics\t''
logs\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l rate -d 'Items per second of each signal, across all workers (0: as fast as possible)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l duration -d 'How long to send (e.g. 30s, 2m)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l count -d 'How many items of each signal to send' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l workers -d 'Concurrent senders per signal' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l spans-per-trace -d 'Spans in each trace' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l attributes -d 'Extra attribute on every span, log record and metric point (repeatable)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l batch-size -d 'Items in each export request, at most a tenth of a second\'s worth at --rate' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l settle -d 'The longest wait for the backends to show everything accepted (e.g. 90s); a count that stops growing for an eighth of it (or stays at 0 for half) ends sooner' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l max-loss -d 'Exit 1 when more than this percentage of a signal was lost or is not yet visible (0: any fails)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l run-id -d 'Tag the run with this id instead of a random one (letters, digits and . _ : - only)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l service-name -d 'service.name of the generated telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-load]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l timeout -d 'Timeout of each backend query and export (e.g. 30, 30s, 1m)' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l unreachable-grace -d 'Stop counting in a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet counted waits --settle' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l junit -d 'Write a JUnit XML report (one testcase per signal and hop) to FILE' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l telemetry-url -d 'The collector\'s own metrics, read before and after for loss per hop; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l insecure-skip-verify -d 'Do not verify the backends\' TLS certificates (only by this explicit flag)'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l no-verify -d 'Do not look for the data in Tempo, Loki and Prometheus afterwards'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand load" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l stack -d 'Which servers to run [default: otelkit.toml [up] stack, jaeger-victoria]' -r -f -a "jaeger-victoria\t'The collector, Jaeger, VictoriaMetrics and VictoriaLogs'
lgtm\t'The collector, Tempo, Prometheus and Loki'"
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l dir -d 'Where configs, data, logs and state.json go [default: otelkit.toml [up] dir, .otelkit/up]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l from -d 'Take the release archives (and checksum files) or bare binaries from DIR; download nothing' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l mirror -d 'Download from URL in place of https://github.com (same paths below it) [default: OTELKIT_MIRROR, otelkit.toml [up] mirror]' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l use -d 'A server you already run, used instead of started (e.g. victoriametrics=http://127.0.0.1:8428); repeatable' -r
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l status -d 'Say what runs and start nothing (exit 1 when a recorded server is not running)'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otelkit -n "__fish_otelkit_using_subcommand up" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l dir -d 'The directory `otelkit up` used [default: .otelkit/up]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand down" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand completions" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l format -d 'Report format of commands that report' -r -f -a "human\t''
json\t''"
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l config -d 'The project settings file [default: ./otelkit.toml, then the nearest one above]' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l templates -d 'Use templates from DIR in place of the built-in ones of the same name' -r -F
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -s v -l verbose -d 'More output on stderr (-v, -vv)'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -s q -l quiet -d 'Only results and errors'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l no-config -d 'Ignore otelkit.toml (and OTELKIT_CONFIG)'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -l show-settings -d 'Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -s h -l help -d 'Print help'
complete -c otelkit -n "__fish_otelkit_using_subcommand man" -s V -l version -d 'Print version'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "gen" -d 'Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "init" -d 'Write an OpenTelemetry module into a service (Go, Rust, Python, Node)'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "smoke-test" -d 'Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "lint" -d 'Check a collector config without running it'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "doctor" -d 'Check each hop of a running pipeline and name the broken one'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "canary" -d 'Run the smoke test continuously and serve its results as Prometheus metrics'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "load" -d 'Drive a pipeline at a known rate and prove what it lost, hop by hop and in the backends'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "up" -d 'Start the collector and its stores as local processes, no Docker: fetched, verified, configured, ready'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "down" -d 'Stop what `otelkit up` started'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and not __fish_seen_subcommand_from gen init smoke-test lint doctor canary load up down completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "collector" -d 'An OpenTelemetry Collector config for the reference architecture'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "k8s" -d 'Kubernetes manifests that run that collector'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "compose" -d 'A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "grafana" -d 'Grafana datasources (signals linked) and dashboards'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "alerts" -d 'Prometheus alerting rules for the services and the pipeline'
complete -c otelkit -n "__fish_otelkit_using_subcommand help; and __fish_seen_subcommand_from gen" -f -a "ci" -d 'A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check'
