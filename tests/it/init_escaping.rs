//! Hostile values (quotes of every kind, backslashes, line ends, bidirectional overrides, a BOM,
//! `${}`, `*/`) written by `otelkit init` into all five languages: every file still parses with
//! the language's own tools, and each literal reads back as exactly the value given.

use std::path::Path;
use std::process::Command;

use crate::init_go::{go, tool};
use crate::init_real::{cache, run_checked, typescript};
use crate::support::{otelkit, stderr_of, stdout_of};

const NAME: &str =
    "billing's \"api\" \\N\\x ${x} `t` {{ y }} */ -->\n\r\t\u{202e}gnp.exe\u{202c}\u{feff}\u{2028}\u{85} 🚀 café";
const ENVIRONMENT: &str = "prod'\"\n\\";

fn init(dir: &Path) {
    let out = otelkit(dir).args(["init", "--service-name", NAME, "--environment", ENVIRONMENT]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // otelkit.toml reads back too.
    let toml: toml::Table = toml::from_str(&std::fs::read_to_string(dir.join("otelkit.toml")).unwrap()).unwrap();
    assert_eq!(toml["service"]["name"].as_str(), Some(NAME));
    assert_eq!(toml["service"]["environment"].as_str(), Some(ENVIRONMENT));
}

/// The literal on the line holding `before`, up to `after` at the line's end.
fn literal(file: &Path, before: &str, after: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.contains(before)).unwrap_or_else(|| panic!("no {before:?} in {text}"));
    let rest = &line[line.find(before).unwrap() + before.len()..];
    rest.strip_suffix(after).unwrap_or_else(|| panic!("{line:?} does not end with {after:?}")).to_owned()
}

fn json_strings(out: &std::process::Output) -> Vec<String> {
    serde_json::from_str(&stdout_of(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(out)))
}

#[test]
#[ignore = "needs go and the Go module proxy: .ci/install-test-deps"]
fn go_files_with_hostile_values_build_vet_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module example.com/hostile\n\ngo 1.26.0\n").unwrap();
    init(dir.path());
    let telemetry = dir.path().join("internal/pkg/telemetry/telemetry.go");
    let (name, environment) =
        (literal(&telemetry, "const ServiceName = ", ""), literal(&telemetry, "\tenvironment = ", ""));
    run_checked(Command::new(tool("gofmt")).args(["-e", "-l", "."]).current_dir(dir.path()), "gofmt -e");
    go(dir.path(), &["mod", "tidy"]);
    go(dir.path(), &["vet", "./..."]);

    let probe = tempfile::tempdir().unwrap();
    std::fs::write(probe.path().join("go.mod"), "module probe\n\ngo 1.26.0\n").unwrap();
    std::fs::write(
        probe.path().join("main.go"),
        format!(
            "package main\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n)\n\nfunc main() {{\n\t_ = json.NewEncoder(os.Stdout).Encode([]string{{{name}, {environment}}})\n}}\n"
        ),
    )
    .unwrap();
    assert_eq!(json_strings(&go(probe.path(), &["run", "."])), [NAME, ENVIRONMENT]);
}

#[test]
#[ignore = "needs cargo and crates.io: .ci/install-test-deps"]
fn rust_module_with_hostile_values_builds_and_reads_back() {
    let cargo = tool("cargo");
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("hostile");
    run_checked(Command::new(&cargo).args(["new", "-q", "--vcs", "none"]).arg(&project), "cargo new");
    init(&project);
    std::fs::write(
        project.join("src/main.rs"),
        "mod telemetry;\n\nfn main() {\n    let t = telemetry::init().expect(\"telemetry\");\n    t.shutdown().ok();\n}\n",
    )
    .unwrap();
    // rustc refuses bidirectional overrides and bare CRs in source: the build proves they are escaped.
    run_checked(
        Command::new(&cargo)
            .args(["build", "-q"])
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", cache("init-rust-target")),
        "cargo build",
    );
    let telemetry = project.join("src/telemetry.rs");
    let name = literal(&telemetry, "const SERVICE_NAME: &str = ", ";");
    let environment = literal(&telemetry, "environment.unwrap_or_else(|| ", ".to_owned())),");
    let probe = dir.path().join("probe.rs");
    std::fs::write(&probe, format!("fn main() {{\n    print!(\"{{:?}}\", [{name}, {environment}]);\n}}\n")).unwrap();
    let bin = dir.path().join("probe");
    run_checked(Command::new(tool("rustc")).arg(&probe).arg("-o").arg(&bin), "rustc probe.rs");
    let out = run_checked(&mut Command::new(&bin), "probe");
    assert_eq!(stdout_of(&out), format!("{:?}", [NAME, ENVIRONMENT]));
}

#[test]
#[ignore = "needs python3: .ci/install-test-deps"]
fn python_module_with_hostile_values_compiles_and_reads_back() {
    let python = tool("python3");
    let dir = tempfile::tempdir().unwrap();
    let version = "1.0'\"\\N{";
    std::fs::write(dir.path().join("pyproject.toml"), format!("[project]\nname = \"svc\"\nversion = {version:?}\n"))
        .unwrap();
    init(dir.path());
    let module = dir.path().join("telemetry.py");
    run_checked(Command::new(&python).args(["-m", "py_compile"]).arg(&module), "python -m py_compile");
    let values = [
        literal(&module, "SERVICE_NAME = ", ""),
        literal(&module, "DECLARED_VERSION = ", ""),
        literal(&module, "os.getenv(\"ENVIRONMENT\") or ", ","),
    ];
    let out = run_checked(
        Command::new(&python)
            .args(["-c", "import ast, json, sys; print(json.dumps([ast.literal_eval(a) for a in sys.argv[1:]]))"])
            .args(&values),
        "python literal_eval",
    );
    assert_eq!(json_strings(&out), [NAME, version, ENVIRONMENT]);
}

/// `node -e` evaluating each literal and printing them as a JSON array.
fn node_values(literals: &[String]) -> Vec<String> {
    let out = run_checked(
        Command::new(tool("node"))
            .args(["-e", "console.log(JSON.stringify(process.argv.slice(1).map((l) => eval(l))))"])
            .args(literals),
        "node eval",
    );
    json_strings(&out)
}

fn node_literals(module: &Path) -> Vec<String> {
    vec![literal(module, "const SERVICE_NAME = ", ";"), literal(module, "process.env.ENVIRONMENT || ", ",")]
}

const NODE_VERSION: &str = "1.0.0'\u{0}\u{2029}\n";

fn node_project(dir: &Path) {
    let package = serde_json::json!({ "name": "svc", "version": NODE_VERSION, "private": true });
    std::fs::write(dir.join("package.json"), serde_json::to_string_pretty(&package).unwrap()).unwrap();
}

#[test]
#[ignore = "needs node: .ci/install-test-deps"]
fn javascript_module_with_hostile_values_checks_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    node_project(dir.path());
    init(dir.path());
    let module = dir.path().join("src/telemetry.js");
    run_checked(Command::new(tool("node")).arg("--check").arg(&module), "node --check");
    assert_eq!(node_values(&node_literals(&module)), [NAME, ENVIRONMENT]);
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("package.json")).unwrap()).unwrap();
    assert_eq!(package["version"], NODE_VERSION, "package.json keeps the value");
}

#[test]
#[ignore = "needs node and npm (TypeScript): .ci/install-test-deps"]
fn typescript_module_with_hostile_values_parses_and_reads_back() {
    let typescript = typescript().parent().unwrap().parent().unwrap().join("typescript");
    let dir = tempfile::tempdir().unwrap();
    node_project(dir.path());
    std::fs::write(dir.path().join("tsconfig.json"), "{\"compilerOptions\": {\"module\": \"commonjs\"}}\n").unwrap();
    init(dir.path());
    let module = dir.path().join("src/telemetry.ts");
    // TypeScript's own parser: every syntax error of the file, none of the types (no npm install).
    run_checked(
        Command::new(tool("node"))
            .args([
                "-e",
                "const ts = require(process.argv[1]);\nconst src = require('fs').readFileSync(process.argv[2], 'utf8');\nconst out = ts.transpileModule(src, { reportDiagnostics: true, fileName: 'telemetry.ts' });\nfor (const d of out.diagnostics) console.error(ts.flattenDiagnosticMessageText(d.messageText, '\\n'));\nprocess.exit(out.diagnostics.length ? 1 : 0);",
            ])
            .arg(&typescript)
            .arg(&module),
        "TypeScript parse",
    );
    assert_eq!(node_values(&node_literals(&module)), [NAME, ENVIRONMENT]);
}
