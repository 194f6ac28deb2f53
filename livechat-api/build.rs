//! Generates the typed API surface from `api-spec/` (in the repository a symlink to the top-level folder, in the package a copy of it) into `OUT_DIR/generated.rs`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Read when the script runs, not baked in when it is compiled: cargo may reuse a
    // compiled script for the same package unpacked in another folder (the package check
    // does, on every run).
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let spec_dir = Path::new(&manifest_dir).join("api-spec");
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    let spec = match codegen::load(&spec_dir) {
        Ok(spec) => spec,
        Err(error) => {
            // One `cargo::error` per problem, so each shows up as its own line.
            for problem in &error.problems {
                println!("cargo::error=api-spec/{problem}");
            }
            return ExitCode::FAILURE;
        }
    };
    let out_dir = std::env::var_os("OUT_DIR").unwrap_or_default();
    let mut outputs = vec![("generated.rs", codegen::generate(&spec))];
    // The command line's table and calls, only for the `livechat` binary.
    if std::env::var_os("CARGO_FEATURE_CLI").is_some() {
        outputs.push(("cli.rs", codegen::generate_cli(&spec)));
    }
    for (name, code) in outputs {
        let out = Path::new(&out_dir).join(name);
        if let Err(error) = std::fs::write(&out, code) {
            println!("cargo::error=cannot write {}: {error}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
