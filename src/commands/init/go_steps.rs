//! The lines to paste into a Go service's main after init, numbered, each compiling where it says.

use super::go::{Framework, LOGGER_DIR, TELEMETRY_DIRS};

pub(super) struct NextSteps<'a> {
    pub(super) entry: String,
    pub(super) package: &'a str,
    pub(super) dir: &'a str,
    pub(super) import_path: &'a str,
    pub(super) framework: Framework,
    pub(super) also: &'a [Framework],
    pub(super) zap: bool,
    pub(super) pgx: bool,
    /// The Go files of the service's own logger package, if it has one.
    pub(super) own_logger: Option<Vec<String>>,
    /// The Go files of the service's own telemetry package, if otelkit had to go elsewhere.
    pub(super) own_telemetry: Option<Vec<String>>,
}

/// Go code indented for the terminal; the lines are pasted as they are.
fn block(lines: &[String]) -> String {
    lines.iter().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("    {l}\n") }).collect()
}

impl NextSteps<'_> {
    pub(super) fn render(&self) -> String {
        let p = self.package;
        let mut out = String::new();
        let mut n = 0;
        let mut step = |out: &mut String, heading: &str, code: &[String]| {
            n += 1;
            *out += &format!("\n{n}. {heading}\n\n");
            *out += &block(code);
        };
        if let Some(files) = &self.own_telemetry {
            out += &format!(
                "Note: {} is a package of your own ({}): otelkit left it alone and wrote its package to {}.\n",
                TELEMETRY_DIRS[0].0,
                files.join(", "),
                self.dir
            );
        }
        if let Some(files) = &self.own_logger {
            out += &format!(
                "Note: {LOGGER_DIR} is a package of your own ({}): otelkit left it alone and wrote its logger to {}/logger.go.\n",
                files.join(", "),
                self.dir
            );
        }
        if !self.also.is_empty() {
            let others: Vec<&str> = self.also.iter().map(|f| f.name()).collect();
            out += &format!(
                "Note: go.mod also requires {}; otelkit wired {}, the first it found.\n",
                others.join(", "),
                self.framework.name()
            );
        }
        out += "Next:\n";
        step(
            &mut out,
            "Fetch the modules otelkit added to go.mod (go.sum needs the module proxy):",
            &["go mod tidy".into()],
        );
        step(
            &mut out,
            &format!("In {}, import the telemetry package:", self.entry),
            &[format!("import \"{}\"", self.import_path)],
        );
        step(
            &mut out,
            "First thing in main(): traces, metrics and logs, flushed when main returns (on SIGTERM too, once served as below):",
            &[
                format!("stopTelemetry, err := {p}.Start()"),
                "if err != nil {".into(),
                "    panic(err)".into(),
                "}".into(),
                "defer stopTelemetry()".into(),
            ],
        );
        let (heading, code): (&str, Vec<String>) = match self.framework {
            Framework::NetHttp => (
                "Where the routes are registered on mux, your *http.ServeMux, and served:",
                vec![
                    format!("mux.Handle(\"/metrics\", {p}.MetricsHandler())"),
                    format!("handler := {p}.Middleware(mux) // serve handler: http.ListenAndServe(addr, handler)"),
                ],
            ),
            Framework::Chi => (
                "Where the chi router r is built, before its routes:",
                vec![format!("r.Use({p}.ChiMiddleware)"), format!("r.Handle(\"/metrics\", {p}.MetricsHandler())")],
            ),
            Framework::Gin => (
                "Where the Gin engine router is built, before its routes:",
                vec![
                    format!("router.Use({p}.GinMiddleware())"),
                    format!("router.GET(\"/metrics\", {p}.GinMetricsHandler())"),
                ],
            ),
            Framework::Echo => (
                "Where the Echo instance e is built, before its routes:",
                vec![format!("e.Use({p}.EchoMiddleware())"), format!("e.GET(\"/metrics\", {p}.EchoMetricsHandler())")],
            ),
            Framework::Fiber2 | Framework::Fiber3 => (
                "Where the Fiber app is built (app := fiber.New(...)), before its routes:",
                vec![
                    format!("app.Use({p}.FiberMiddleware())"),
                    format!("app.Get(\"/metrics\", {p}.FiberMetricsHandler())"),
                ],
            ),
        };
        step(&mut out, heading, &code);
        if self.pgx {
            step(
                &mut out,
                "Where the pgx pool config is built (poolConfig, err := pgxpool.ParseConfig(dsn)):",
                &[format!("poolConfig.ConnConfig.Tracer = {p}.PgxTracer()")],
            );
        }
        if self.own_logger.is_some() && self.zap {
            step(
                &mut out,
                "In your logger package (importing the telemetry package as in 2.), where its *zap.Logger (here log) is built, to send its lines to OpenTelemetry logs too, linked to their spans by the trace_id and span_id fields your WithContext adds:",
                &[format!("log = {p}.TeeZap(log)")],
            );
        }
        let imports = match self.framework {
            Framework::Fiber2 | Framework::Fiber3 => "context, fmt, os, os/signal, syscall, time",
            _ => "context, errors, fmt, net/http, os, os/signal, syscall, time",
        };
        step(
            &mut out,
            &format!("Serve on addr, in place of the blocking Listen, ListenAndServe, Run or Start: on SIGTERM (every deploy) or Ctrl-C the server drains, then the telemetry is flushed; a defer alone never runs when the signal ends the process (imports {imports}):"),
            &self.serve(),
        );
        let ctx_of = match self.framework {
            Framework::NetHttp | Framework::Chi => "r.Context()",
            Framework::Gin => "c.Request.Context()",
            Framework::Echo => "c.Request().Context()",
            Framework::Fiber2 => "c.UserContext()",
            Framework::Fiber3 => "c.Context()",
        };
        out += &format!("\nIn handlers, {ctx_of} carries the request's span: pass it to everything below.\n");
        out += &match (self.zap, &self.own_logger) {
            (true, None) => format!("Logs: logger.Info(ctx, \"msg\", zap.String(...)) (package {LOGGER_DIR}): JSON lines on stdout and OpenTelemetry logs, with trace_id and span_id.\n"),
            (true, Some(_)) => format!("Logs: {p}.Info(ctx, \"msg\", ...) or {p}.WithContext(ctx) (zap): JSON lines on stdout and OpenTelemetry logs, with trace_id and span_id.\n"),
            (false, None) => format!("Logs: log := logger.New() (package {LOGGER_DIR}), then log.InfoContext(ctx, \"msg\"): JSON lines on stdout and OpenTelemetry logs, with trace_id and span_id.\n"),
            (false, Some(_)) => format!("Logs: log := {p}.Logger(), then log.InfoContext(ctx, \"msg\"): JSON lines on stdout and OpenTelemetry logs, with trace_id and span_id.\n"),
        };
        out += &format!(
            "Outgoing HTTP (LLM and other APIs): {p}.HTTPClient(), with http.NewRequestWithContext(ctx, ...).\n"
        );
        out += &format!(
            "LLM calls: ctx, call := {p}.StartLLMCall(ctx, \"openai\", \"chat\", model, {p}.AgentID.String(id), {p}.ProjectID.String(project)) ... call.End({p}.LLMUsage{{InputTokens: in, OutputTokens: out}}, err).\n\
             Chat turns (chat.latency, request to answer): turn := {p}.StartChatTurn(ctx, ...same labels) ... turn.End(err).\n"
        );
        out += "Export: OTEL_EXPORTER_OTLP_ENDPOINT (http://collector:4318), or OTEL_EXPORTER_OTLP_PROTOCOL=grpc with :4317.\n";
        out += "Metrics: pushed over OTLP to the collector (OTEL_METRICS_EXPORTER=otlp, the default), and /metrics answers 404; for Prometheus to scrape the pod instead, OTEL_METRICS_EXPORTER=prometheus (otlp,prometheus: both, every series twice under two names).\n";
        out
    }

    /// Serving until SIGTERM or Ctrl-C, then draining the server and flushing the telemetry:
    /// a deploy's SIGTERM otherwise kills the process inside Listen, and no defer runs.
    fn serve(&self) -> Vec<String> {
        let (serve, shutdown): (Vec<String>, Vec<String>) = match self.framework {
            Framework::Fiber2 | Framework::Fiber3 => (
                vec![
                    "go func() {".into(),
                    "    if err := app.Listen(addr); err != nil {".into(),
                    "        panic(err)".into(),
                    "    }".into(),
                    "}()".into(),
                ],
                vec!["if err := app.ShutdownWithTimeout(10 * time.Second); err != nil {".into()],
            ),
            Framework::Echo => (
                vec![
                    "go func() {".into(),
                    "    if err := e.Start(addr); !errors.Is(err, http.ErrServerClosed) {".into(),
                    "        panic(err)".into(),
                    "    }".into(),
                    "}()".into(),
                ],
                vec![
                    "shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)".into(),
                    "defer cancel()".into(),
                    "if err := e.Shutdown(shutdownCtx); err != nil {".into(),
                ],
            ),
            Framework::NetHttp | Framework::Chi | Framework::Gin => {
                let handler = match self.framework {
                    Framework::NetHttp => "handler",
                    Framework::Chi => "r",
                    _ => "router",
                };
                (
                    vec![
                        format!("srv := &http.Server{{Addr: addr, Handler: {handler}}}"),
                        "go func() {".into(),
                        "    if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {".into(),
                        "        panic(err)".into(),
                        "    }".into(),
                        "}()".into(),
                    ],
                    vec![
                        "shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)".into(),
                        "defer cancel()".into(),
                        "if err := srv.Shutdown(shutdownCtx); err != nil {".into(),
                    ],
                )
            }
        };
        let mut code = vec![
            "ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)".into(),
            "defer stopSignals()".into(),
        ];
        code.extend(serve);
        code.push("<-ctx.Done()".into());
        code.extend(shutdown);
        code.extend([
            "    fmt.Fprintln(os.Stderr, \"shutdown:\", err)".into(),
            "}".into(),
            "stopTelemetry() // flushes traces, metrics and logs, 5 s at most".into(),
        ]);
        code
    }
}
