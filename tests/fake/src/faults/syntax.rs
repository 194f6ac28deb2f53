//! The `--fault` flag of the `livechat-fake` binary: a fault written as text.

use std::fmt;
use std::str::FromStr;

use super::*;

/// Why a `--fault` description was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSyntaxError(String);

impl fmt::Display for FaultSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultSyntaxError {}

/// The syntax of the `livechat-fake --fault` flag (see [`FAULT_SYNTAX`]).
impl FromStr for Fault {
    type Err = FaultSyntaxError;

    fn from_str(text: &str) -> Result<Fault, FaultSyntaxError> {
        let error = |message: String| FaultSyntaxError(message);
        let mut items = text.split(',').map(str::trim);
        let first = items.next().unwrap_or("");
        let (kind, argument) = match first.split_once('=') {
            Some((kind, argument)) => (kind, Some(argument)),
            None => (first, None),
        };
        let number = |name: &str| -> Result<u64, FaultSyntaxError> {
            argument
                .ok_or_else(|| error(format!("{name} needs a value: {name}=N")))?
                .parse()
                .map_err(|_| error(format!("{name} needs a whole number")))
        };
        let status = |name: &str| -> Result<StatusCode, FaultSyntaxError> {
            let code = u16::try_from(number(name)?).unwrap_or(0);
            StatusCode::from_u16(code).map_err(|_| error(format!("{name}: not an HTTP status")))
        };
        let mut fault = match kind {
            "status" => Fault::status(status("status")?),
            "html" => Fault::html_error(),
            "latency" => Fault::latency(Duration::from_millis(number("latency")?)),
            "stall" => Fault::stalled_body(Duration::from_millis(number("stall")?)),
            "reset" => Fault::reset_mid_body(),
            "truncate" => Fault::truncated_json(),
            "garbage" => Fault::trailing_garbage(argument.unwrap_or(" garbage")),
            "redirect" => Fault::redirect(status("redirect")?),
            "declared-length" => Fault::declared_length(number("declared-length")?),
            "endless" => Fault::endless_body(number("endless")?),
            other => return Err(error(format!("unknown fault {other:?}"))),
        };
        for item in items {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            fault = match key {
                "after" => fault.after_handler(),
                "before" => fault.before_handler(),
                "times" => fault.times(
                    value
                        .parse()
                        .map_err(|_| error("times needs a whole number".into()))?,
                ),
                "method" => fault.on_method(
                    Method::from_bytes(value.to_ascii_uppercase().as_bytes())
                        .map_err(|_| error(format!("not a method: {value:?}")))?,
                ),
                "path" if value.starts_with('/') => fault.on_path(value),
                "retry-after" => fault.retry_after(value),
                "retry-after-in" => {
                    let seconds: u64 = value
                        .parse()
                        .map_err(|_| error("retry-after-in needs seconds".into()))?;
                    fault.retry_after_date(SystemTime::now() + Duration::from_secs(seconds))
                }
                "body" => fault.body("text/plain", value.to_owned()),
                "json" => fault.body("application/json", value.to_owned()),
                "location" => match fault.kind {
                    Kind::Redirect { status, .. } => Fault {
                        kind: Kind::Redirect {
                            status,
                            location: Some(value.to_owned()),
                        },
                        ..fault
                    },
                    _ => return Err(error("location is for redirect faults".into())),
                },
                other => return Err(error(format!("unknown option {other:?}"))),
            };
        }
        Ok(fault)
    }
}

/// How `--fault` is written: a kind, then options, separated by commas.
pub const FAULT_SYNTAX: &str = "\
KIND[,OPTION...] where KIND is one of
  status=CODE | html | latency=MS | stall=MS | reset | truncate | garbage[=TEXT]
  redirect=CODE | declared-length=BYTES | endless=BYTES
and OPTION one of
  method=PUT  path=/agents/{login}  times=N  after  before
  retry-after=VALUE  retry-after-in=SECONDS (as an HTTP date)
  body=TEXT  json=TEXT  location=URL (redirect)
e.g. --fault 'status=503,retry-after=2,method=PUT,path=/agents/{login},times=2,after'";
