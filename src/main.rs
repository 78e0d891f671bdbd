fn main() -> std::process::ExitCode {
    otelkit::run(std::env::args_os())
}
