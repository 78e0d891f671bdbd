_otelkit() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="otelkit"
                ;;
            otelkit,canary)
                cmd="otelkit__subcmd__canary"
                ;;
            otelkit,completions)
                cmd="otelkit__subcmd__completions"
                ;;
            otelkit,doctor)
                cmd="otelkit__subcmd__doctor"
                ;;
            otelkit,down)
                cmd="otelkit__subcmd__down"
                ;;
            otelkit,gen)
                cmd="otelkit__subcmd__gen"
                ;;
            otelkit,help)
                cmd="otelkit__subcmd__help"
                ;;
            otelkit,init)
                cmd="otelkit__subcmd__init"
                ;;
            otelkit,lint)
                cmd="otelkit__subcmd__lint"
                ;;
            otelkit,load)
                cmd="otelkit__subcmd__load"
                ;;
            otelkit,man)
                cmd="otelkit__subcmd__man"
                ;;
            otelkit,smoke-test)
                cmd="otelkit__subcmd__smoke__subcmd__test"
                ;;
            otelkit,up)
                cmd="otelkit__subcmd__up"
                ;;
            otelkit__subcmd__gen,alerts)
                cmd="otelkit__subcmd__gen__subcmd__alerts"
                ;;
            otelkit__subcmd__gen,ci)
                cmd="otelkit__subcmd__gen__subcmd__ci"
                ;;
            otelkit__subcmd__gen,collector)
                cmd="otelkit__subcmd__gen__subcmd__collector"
                ;;
            otelkit__subcmd__gen,compose)
                cmd="otelkit__subcmd__gen__subcmd__compose"
                ;;
            otelkit__subcmd__gen,grafana)
                cmd="otelkit__subcmd__gen__subcmd__grafana"
                ;;
            otelkit__subcmd__gen,help)
                cmd="otelkit__subcmd__gen__subcmd__help"
                ;;
            otelkit__subcmd__gen,k8s)
                cmd="otelkit__subcmd__gen__subcmd__k8s"
                ;;
            otelkit__subcmd__gen__subcmd__help,alerts)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__alerts"
                ;;
            otelkit__subcmd__gen__subcmd__help,ci)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__ci"
                ;;
            otelkit__subcmd__gen__subcmd__help,collector)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__collector"
                ;;
            otelkit__subcmd__gen__subcmd__help,compose)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__compose"
                ;;
            otelkit__subcmd__gen__subcmd__help,grafana)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__grafana"
                ;;
            otelkit__subcmd__gen__subcmd__help,help)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__help"
                ;;
            otelkit__subcmd__gen__subcmd__help,k8s)
                cmd="otelkit__subcmd__gen__subcmd__help__subcmd__k8s"
                ;;
            otelkit__subcmd__help,canary)
                cmd="otelkit__subcmd__help__subcmd__canary"
                ;;
            otelkit__subcmd__help,completions)
                cmd="otelkit__subcmd__help__subcmd__completions"
                ;;
            otelkit__subcmd__help,doctor)
                cmd="otelkit__subcmd__help__subcmd__doctor"
                ;;
            otelkit__subcmd__help,down)
                cmd="otelkit__subcmd__help__subcmd__down"
                ;;
            otelkit__subcmd__help,gen)
                cmd="otelkit__subcmd__help__subcmd__gen"
                ;;
            otelkit__subcmd__help,help)
                cmd="otelkit__subcmd__help__subcmd__help"
                ;;
            otelkit__subcmd__help,init)
                cmd="otelkit__subcmd__help__subcmd__init"
                ;;
            otelkit__subcmd__help,lint)
                cmd="otelkit__subcmd__help__subcmd__lint"
                ;;
            otelkit__subcmd__help,load)
                cmd="otelkit__subcmd__help__subcmd__load"
                ;;
            otelkit__subcmd__help,man)
                cmd="otelkit__subcmd__help__subcmd__man"
                ;;
            otelkit__subcmd__help,smoke-test)
                cmd="otelkit__subcmd__help__subcmd__smoke__subcmd__test"
                ;;
            otelkit__subcmd__help,up)
                cmd="otelkit__subcmd__help__subcmd__up"
                ;;
            otelkit__subcmd__help__subcmd__gen,alerts)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__alerts"
                ;;
            otelkit__subcmd__help__subcmd__gen,ci)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__ci"
                ;;
            otelkit__subcmd__help__subcmd__gen,collector)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__collector"
                ;;
            otelkit__subcmd__help__subcmd__gen,compose)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__compose"
                ;;
            otelkit__subcmd__help__subcmd__gen,grafana)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__grafana"
                ;;
            otelkit__subcmd__help__subcmd__gen,k8s)
                cmd="otelkit__subcmd__help__subcmd__gen__subcmd__k8s"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        otelkit)
            opts="-v -q -h -V --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version gen init smoke-test lint doctor canary load up down completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__canary)
            opts="-v -q -h -V --tempo-url --prometheus-url --loki-url --jaeger-url --victorialogs-url --victoriametrics-url --traces-backend --logs-backend --metrics-backend --metric-namespace --tenant --grafana --grafana-tempo-uid --grafana-traces-uid --grafana-loki-uid --grafana-logs-uid --grafana-prometheus-uid --grafana-metrics-uid --header --ca-file --insecure-skip-verify --otlp-endpoint --protocol --service-name --signals --timeout --unreachable-grace --interval --count --listen --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tempo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --traces-backend)
                    COMPREPLY=($(compgen -W "tempo jaeger" -- "${cur}"))
                    return 0
                    ;;
                --logs-backend)
                    COMPREPLY=($(compgen -W "loki victorialogs" -- "${cur}"))
                    return 0
                    ;;
                --metrics-backend)
                    COMPREPLY=($(compgen -W "prometheus victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-traces-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-tempo-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-logs-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-loki-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-metrics-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-prometheus-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otlp-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --protocol)
                    COMPREPLY=($(compgen -W "grpc http/protobuf" -- "${cur}"))
                    return 0
                    ;;
                --service-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --signals)
                    COMPREPLY=($(compgen -W "traces metrics logs" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --unreachable-grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__completions)
            opts="-v -q -h -V --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__doctor)
            opts="-v -q -h -V --tempo-url --prometheus-url --loki-url --jaeger-url --victorialogs-url --victoriametrics-url --traces-backend --logs-backend --metrics-backend --metric-namespace --tenant --grafana --grafana-tempo-uid --grafana-traces-uid --grafana-loki-uid --grafana-logs-uid --grafana-prometheus-uid --grafana-metrics-uid --header --ca-file --insecure-skip-verify --otlp-endpoint --otlp-grpc-endpoint --health-url --telemetry-url --metrics --no-emit --unreachable-grace --junit --run-id --timeout --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tempo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --traces-backend)
                    COMPREPLY=($(compgen -W "tempo jaeger" -- "${cur}"))
                    return 0
                    ;;
                --logs-backend)
                    COMPREPLY=($(compgen -W "loki victorialogs" -- "${cur}"))
                    return 0
                    ;;
                --metrics-backend)
                    COMPREPLY=($(compgen -W "prometheus victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-traces-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-tempo-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-logs-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-loki-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-metrics-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-prometheus-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otlp-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otlp-grpc-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --health-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --telemetry-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --unreachable-grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --run-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__down)
            opts="-v -q -h -V --dir --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen)
            opts="-v -q -h -V --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version collector k8s compose grafana alerts ci help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__alerts)
            opts="-o -v -q -h -V --traces --metrics --logs --mode --resolver --gateway-endpoint --sampler-service --persistent-queue --collector-version --metric-namespace --translation-strategy --environment --tempo-endpoint --jaeger-endpoint --prometheus-endpoint --victoriametrics-endpoint --loki-endpoint --victorialogs-endpoint --tenant --auth-token-env --ca-file --insecure --bind-all --output --check --error-ratio --latency-p99 --llm-latency-p99 --token-burn-per-hour --queue-ratio --for --pipeline-for --canary-failed-runs --canary-no-success --runbook-url --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --traces)
                    COMPREPLY=($(compgen -W "tempo jaeger otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --logs)
                    COMPREPLY=($(compgen -W "loki victorialogs otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "gateway agent load-balancer sampler" -- "${cur}"))
                    return 0
                    ;;
                --resolver)
                    COMPREPLY=($(compgen -W "k8s dns" -- "${cur}"))
                    return 0
                    ;;
                --gateway-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sampler-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --translation-strategy)
                    COMPREPLY=($(compgen -W "UnderscoreEscapingWithSuffixes UnderscoreEscapingWithoutSuffixes NoUTF8EscapingWithSuffixes NoTranslation" -- "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tempo-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --auth-token-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --insecure)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --error-ratio)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --latency-p99)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --llm-latency-p99)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-burn-per-hour)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --queue-ratio)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --for)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pipeline-for)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --canary-failed-runs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --canary-no-success)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --runbook-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__ci)
            opts="-o -v -q -h -V --endpoints --service-cmd --otelkit-version --output --check --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version github gitlab"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --endpoints)
                    COMPREPLY=($(compgen -W "compose external up" -- "${cur}"))
                    return 0
                    ;;
                --service-cmd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otelkit-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__collector)
            opts="-o -v -q -h -V --traces --metrics --logs --mode --resolver --gateway-endpoint --sampler-service --persistent-queue --collector-version --metric-namespace --translation-strategy --environment --tempo-endpoint --jaeger-endpoint --prometheus-endpoint --victoriametrics-endpoint --loki-endpoint --victorialogs-endpoint --tenant --auth-token-env --ca-file --insecure --bind-all --output --check --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --traces)
                    COMPREPLY=($(compgen -W "tempo jaeger otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --logs)
                    COMPREPLY=($(compgen -W "loki victorialogs otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "gateway agent load-balancer sampler" -- "${cur}"))
                    return 0
                    ;;
                --resolver)
                    COMPREPLY=($(compgen -W "k8s dns" -- "${cur}"))
                    return 0
                    ;;
                --gateway-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sampler-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --translation-strategy)
                    COMPREPLY=($(compgen -W "UnderscoreEscapingWithSuffixes UnderscoreEscapingWithoutSuffixes NoUTF8EscapingWithSuffixes NoTranslation" -- "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tempo-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --auth-token-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --insecure)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__compose)
            opts="-d -v -q -h -V --traces --metrics --logs --mode --resolver --gateway-endpoint --sampler-service --persistent-queue --collector-version --metric-namespace --translation-strategy --environment --tempo-endpoint --jaeger-endpoint --prometheus-endpoint --victoriametrics-endpoint --loki-endpoint --victorialogs-endpoint --tenant --auth-token-env --ca-file --insecure --bind-all --dir --check --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --traces)
                    COMPREPLY=($(compgen -W "tempo jaeger otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --logs)
                    COMPREPLY=($(compgen -W "loki victorialogs otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "gateway agent load-balancer sampler" -- "${cur}"))
                    return 0
                    ;;
                --resolver)
                    COMPREPLY=($(compgen -W "k8s dns" -- "${cur}"))
                    return 0
                    ;;
                --gateway-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sampler-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --translation-strategy)
                    COMPREPLY=($(compgen -W "UnderscoreEscapingWithSuffixes UnderscoreEscapingWithoutSuffixes NoUTF8EscapingWithSuffixes NoTranslation" -- "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tempo-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --auth-token-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --insecure)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__grafana)
            opts="-d -v -q -h -V --traces --metrics --logs --mode --resolver --gateway-endpoint --sampler-service --persistent-queue --collector-version --metric-namespace --translation-strategy --environment --tempo-endpoint --jaeger-endpoint --prometheus-endpoint --victoriametrics-endpoint --loki-endpoint --victorialogs-endpoint --tenant --auth-token-env --ca-file --insecure --bind-all --dir --check --grafana-prometheus-url --grafana-tempo-url --grafana-loki-url --grafana-jaeger-url --grafana-victoriametrics-url --grafana-victorialogs-url --dashboards-path --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --traces)
                    COMPREPLY=($(compgen -W "tempo jaeger otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --logs)
                    COMPREPLY=($(compgen -W "loki victorialogs otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "gateway agent load-balancer sampler" -- "${cur}"))
                    return 0
                    ;;
                --resolver)
                    COMPREPLY=($(compgen -W "k8s dns" -- "${cur}"))
                    return 0
                    ;;
                --gateway-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sampler-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --translation-strategy)
                    COMPREPLY=($(compgen -W "UnderscoreEscapingWithSuffixes UnderscoreEscapingWithoutSuffixes NoUTF8EscapingWithSuffixes NoTranslation" -- "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tempo-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --auth-token-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --insecure)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-prometheus-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-tempo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-loki-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-jaeger-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-victoriametrics-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-victorialogs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dashboards-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help)
            opts="collector k8s compose grafana alerts ci help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__alerts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__ci)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__collector)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__compose)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__grafana)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__help__subcmd__k8s)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__gen__subcmd__k8s)
            opts="-o -v -q -h -V --traces --metrics --logs --mode --resolver --gateway-endpoint --sampler-service --persistent-queue --collector-version --metric-namespace --translation-strategy --environment --tempo-endpoint --jaeger-endpoint --prometheus-endpoint --victoriametrics-endpoint --loki-endpoint --victorialogs-endpoint --tenant --auth-token-env --ca-file --insecure --bind-all --namespace --replicas --dir --output --check --prometheus-operator --canary --image --canary-interval --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --traces)
                    COMPREPLY=($(compgen -W "tempo jaeger otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -W "prometheus remote-write otlp victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --logs)
                    COMPREPLY=($(compgen -W "loki victorialogs otlp debug" -- "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "gateway agent load-balancer sampler" -- "${cur}"))
                    return 0
                    ;;
                --resolver)
                    COMPREPLY=($(compgen -W "k8s dns" -- "${cur}"))
                    return 0
                    ;;
                --gateway-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sampler-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --translation-strategy)
                    COMPREPLY=($(compgen -W "UnderscoreEscapingWithSuffixes UnderscoreEscapingWithoutSuffixes NoUTF8EscapingWithSuffixes NoTranslation" -- "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tempo-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --auth-token-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --insecure)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --replicas)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --image)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --canary-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help)
            opts="gen init smoke-test lint doctor canary load up down completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__canary)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__doctor)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__down)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen)
            opts="collector k8s compose grafana alerts ci"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__alerts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__ci)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__collector)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__compose)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__grafana)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__gen__subcmd__k8s)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__lint)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__load)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__smoke__subcmd__test)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__help__subcmd__up)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__init)
            opts="-v -q -h -V --lang --all --service-name --environment --metric-namespace --dry-run --force --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --lang)
                    COMPREPLY=($(compgen -W "go rust python node" -- "${cur}"))
                    return 0
                    ;;
                --service-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__lint)
            opts="-v -q -h -V --collector-version --environment --deny-warnings --explain --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --collector-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --explain)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__load)
            opts="-v -q -h -V --tempo-url --prometheus-url --loki-url --jaeger-url --victorialogs-url --victoriametrics-url --traces-backend --logs-backend --metrics-backend --metric-namespace --tenant --grafana --grafana-tempo-uid --grafana-traces-uid --grafana-loki-uid --grafana-logs-uid --grafana-prometheus-uid --grafana-metrics-uid --header --ca-file --insecure-skip-verify --otlp-endpoint --protocol --signals --rate --duration --count --workers --spans-per-trace --attributes --batch-size --no-verify --settle --max-loss --run-id --service-name --timeout --unreachable-grace --junit --telemetry-url --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tempo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --traces-backend)
                    COMPREPLY=($(compgen -W "tempo jaeger" -- "${cur}"))
                    return 0
                    ;;
                --logs-backend)
                    COMPREPLY=($(compgen -W "loki victorialogs" -- "${cur}"))
                    return 0
                    ;;
                --metrics-backend)
                    COMPREPLY=($(compgen -W "prometheus victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-traces-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-tempo-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-logs-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-loki-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-metrics-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-prometheus-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otlp-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --protocol)
                    COMPREPLY=($(compgen -W "grpc http/protobuf" -- "${cur}"))
                    return 0
                    ;;
                --signals)
                    COMPREPLY=($(compgen -W "traces metrics logs" -- "${cur}"))
                    return 0
                    ;;
                --rate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --workers)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --spans-per-trace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attributes)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --batch-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --settle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-loss)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --run-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --unreachable-grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --telemetry-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__man)
            opts="-v -q -h -V --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__smoke__subcmd__test)
            opts="-v -q -h -V --tempo-url --prometheus-url --loki-url --jaeger-url --victorialogs-url --victoriametrics-url --traces-backend --logs-backend --metrics-backend --metric-namespace --tenant --grafana --grafana-tempo-uid --grafana-traces-uid --grafana-loki-uid --grafana-logs-uid --grafana-prometheus-uid --grafana-metrics-uid --header --ca-file --insecure-skip-verify --otlp-endpoint --protocol --service-name --signals --timeout --unreachable-grace --junit --run-id --explain --diagnose --telemetry-url --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tempo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --prometheus-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --loki-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jaeger-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victorialogs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --victoriametrics-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --traces-backend)
                    COMPREPLY=($(compgen -W "tempo jaeger" -- "${cur}"))
                    return 0
                    ;;
                --logs-backend)
                    COMPREPLY=($(compgen -W "loki victorialogs" -- "${cur}"))
                    return 0
                    ;;
                --metrics-backend)
                    COMPREPLY=($(compgen -W "prometheus victoriametrics" -- "${cur}"))
                    return 0
                    ;;
                --metric-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-traces-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-tempo-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-logs-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-loki-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-metrics-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grafana-prometheus-uid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --otlp-endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --protocol)
                    COMPREPLY=($(compgen -W "grpc http/protobuf" -- "${cur}"))
                    return 0
                    ;;
                --service-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --signals)
                    COMPREPLY=($(compgen -W "traces metrics logs" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --unreachable-grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --run-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --telemetry-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        otelkit__subcmd__up)
            opts="-v -q -h -V --stack --dir --from --mirror --use --status --verbose --quiet --color --format --config --no-config --templates --show-settings --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --stack)
                    COMPREPLY=($(compgen -W "jaeger-victoria lgtm" -- "${cur}"))
                    return 0
                    ;;
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --use)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --templates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _otelkit -o nosort -o bashdefault -o default otelkit
else
    complete -F _otelkit -o bashdefault -o default otelkit
fi
