//! `codegen`: check the api spec, list its endpoints, or write the generated code.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: codegen <check | endpoints | table | presence | generate [--out FILE] | openapi [--out FILE]> [--spec DIR]

  check        validate the spec and report every problem
  endpoints    print METHOD<TAB>/path<TAB>resource.operation, one line per endpoint
  generate     print the generated Rust (or write it to --out FILE)
  table        print the README's Markdown table of endpoints
  openapi      print the OpenAPI 3.1 document (or write it to --out FILE);
               the committed copy is api-spec/openapi.json
  presence     count the response models' fields: optional, required, lists and maps

  --spec DIR   the spec folder (default: the workspace's api-spec/)";

struct Args {
    command: String,
    spec: PathBuf,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut command = None;
    let mut spec = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-spec"));
    let mut out = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = args.next().ok_or("--spec needs a folder")?.into(),
            "--out" => out = Some(args.next().ok_or("--out needs a file")?.into()),
            "-h" | "--help" => return Err(String::new()),
            _ if command.is_none() && !arg.starts_with('-') => command = Some(arg),
            other => return Err(format!("unexpected argument: {other}")),
        }
    }
    let command = command.ok_or("missing command")?;
    Ok(Args { command, spec, out })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("codegen: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let spec = match codegen::load(&args.spec) {
        Ok(spec) => spec,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match args.command.as_str() {
        "check" => {
            let endpoints = spec.endpoints().count();
            println!(
                "ok: {} resources, {endpoints} endpoints, {} models",
                spec.resources.len(),
                spec.models.len()
            );
        }
        "endpoints" => print!("{}", codegen::endpoint_lines(&spec)),
        "table" => print!("{}", codegen::endpoint_table(&spec)),
        "presence" => {
            let counts = codegen::presence(&spec);
            println!(
                "{} response models: {} optional fields, {} required, {} lists and maps",
                counts.models, counts.optional, counts.required, counts.collections
            );
        }
        "generate" | "openapi" => {
            let code = if args.command == "generate" {
                codegen::generate(&spec)
            } else {
                codegen::openapi_json(&spec)
            };
            match &args.out {
                Some(path) => {
                    if let Err(error) = std::fs::write(path, code) {
                        eprintln!("codegen: cannot write {}: {error}", path.display());
                        return ExitCode::FAILURE;
                    }
                }
                None => print!("{code}"),
            }
        }
        other => {
            eprintln!("codegen: unknown command \"{other}\"\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
