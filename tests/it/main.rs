//! One integration test binary; a module per command.

mod support;

mod cli;
mod gen_collector;
