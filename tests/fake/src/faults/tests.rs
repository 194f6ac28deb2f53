//! Unit tests of fault matching, counting and the `--fault` syntax.

use super::*;

#[test]
fn templates_match_one_segment_each() {
    assert!(path_matches("/agents/{login}", "/agents/a%40b.c"));
    assert!(path_matches("/agents/*", "/agents/x"));
    assert!(!path_matches("/agents/{login}", "/agents/"));
    assert!(!path_matches("/agents/{login}", "/agents/x/reset_api_key"));
    assert!(!path_matches("/agents", "/groups"));
    assert!(path_matches("/agents", "/agents"));
}

#[test]
fn counted_faults_wear_off() {
    let control = Control::default();
    control.arm(
        Fault::status(StatusCode::BAD_GATEWAY)
            .on(Method::GET, "/agents")
            .times(2),
    );
    assert!(control.strike(&Method::POST, "/agents").is_none());
    assert!(control.strike(&Method::GET, "/agents").is_some());
    assert!(control.strike(&Method::GET, "/agents").is_some());
    assert!(control.strike(&Method::GET, "/agents").is_none());
}

#[test]
fn the_flag_syntax_reads_every_option() {
    let fault: Fault = "status=503,retry-after=2,method=put,path=/agents/{login},times=2,after"
        .parse()
        .unwrap();
    assert!(matches!(
        &fault.kind,
        Kind::Status { status, retry_after: Some(value), .. }
            if *status == StatusCode::SERVICE_UNAVAILABLE && value == "2"
    ));
    assert_eq!(fault.method, Some(Method::PUT));
    assert_eq!(fault.path.as_deref(), Some("/agents/{login}"));
    assert_eq!(fault.times, Some(2));
    assert_eq!(fault.timing, Timing::AfterHandler);
    for bad in [
        "",
        "status",
        "status=99999",
        "nonsense",
        "reset,times=x",
        "reset,colour=red",
    ] {
        assert!(bad.parse::<Fault>().is_err(), "{bad:?} was accepted");
    }
    assert!(
        "redirect=307,location=http://127.0.0.1:9/x"
            .parse::<Fault>()
            .is_ok()
    );
}

#[test]
fn secret_query_values_are_redacted() {
    assert_eq!(
        redact_query("a=1&api_key=s3cret&token=t&x%5B%5D=2&password%5Bx%5D=p"),
        "a=1&api_key=[redacted]&token=[redacted]&x%5B%5D=2&password%5Bx%5D=[redacted]"
    );
}
