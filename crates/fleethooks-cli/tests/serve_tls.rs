//! `serve` over HTTPS with `tls_cert` and `tls_key`: a client that trusts the certificate
//! delivers; plain HTTP on the TLS port gets nowhere; a bad key file is refused at start.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::server::{
    Serve, command, fixture_bytes, jamf_headers, lines, parse_line, standard_config, temp_dir,
    write_config, write_file,
};

#[test]
fn serve_answers_over_https_with_its_certificate() {
    let dir = temp_dir();
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let cert_path = write_file(dir.path(), "cert.pem", &cert.cert.pem(), 0o644);
    let key_path = write_file(dir.path(), "key.pem", &cert.key_pair.serialize_pem(), 0o600);
    let top = format!(
        "tls_cert = \"{}\"\ntls_key = \"{}\"",
        cert_path.display(),
        key_path.display()
    );
    let config = write_config(dir.path(), &standard_config(&top, ""));
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    assert!(
        server.base.starts_with("https://127.0.0.1:"),
        "{}",
        server.base
    );

    let roots = ureq::tls::RootCerts::Specific(Arc::new(vec![
        ureq::tls::Certificate::from_der(cert.cert.der()).to_owned(),
    ]));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        .build()
        .into();
    let body = fixture_bytes("jamf", "computer_check_in.json");
    let mut request = agent.post(server.url("/jamf"));
    for (name, value) in jamf_headers() {
        request = request.header(name, value);
    }
    let mut response = request.send(&body[..]).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.body_mut().read_to_string().unwrap(),
        r#"{"status":"accepted"}"#
    );
    assert_eq!(lines(&output), [parse_line("jamf", &body)]);

    // Plain HTTP to the TLS port: no answer a client could take for one.
    let plain = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .new_agent()
        .post(server.url("/jamf").replacen("https://", "http://", 1))
        .send(&body[..]);
    assert!(plain.is_err(), "{plain:?}");
    assert_eq!(lines(&output).len(), 1);
}

#[test]
fn a_key_that_is_not_pem_is_refused_at_start() {
    let dir = temp_dir();
    let cert_path = write_file(dir.path(), "cert.pem", "not a certificate\n", 0o644);
    let key_path = write_file(dir.path(), "key.pem", "not a key\n", 0o600);
    let top = format!(
        "listen = \"127.0.0.1:0\"\ntls_cert = \"{}\"\ntls_key = \"{}\"",
        cert_path.display(),
        key_path.display()
    );
    let config = write_config(dir.path(), &standard_config(&top, ""));
    let output = command()
        .arg("serve")
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("holds no PEM certificate"), "{stderr}");
}
