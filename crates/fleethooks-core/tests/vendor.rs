//! The open vendor value sets: one matching rule, the `Unknown` fallback, serde in the vendor's
//! spelling.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

fleethooks_core::vendor_enum! {
    /// A status as JumpCloud writes it.
    pub enum Status expecting "an alert status such as \"Open\"" {
        /// `Open`.
        Open => "Open",
        /// `Auto-Resolved`.
        AutoResolved => "Auto-Resolved",
    }
}

#[test]
fn known_values_match_ignoring_case_and_separators() {
    for text in [
        "Auto-Resolved",
        "auto-resolved",
        "AUTO_RESOLVED",
        "auto resolved",
        "AutoResolved",
    ] {
        assert_eq!(Status::from(text), Status::AutoResolved, "{text}");
    }
    assert_eq!(Status::from("open"), Status::Open);
}

#[test]
fn unknown_values_are_kept_as_sent() {
    let status = Status::from("Escalated to SOC");
    assert_eq!(status, Status::Unknown("Escalated to SOC".to_owned()));
    assert_eq!(status.as_str(), "Escalated to SOC");
    assert!(!status.is_known());
    assert_eq!(
        serde_json::to_string(&status).unwrap(),
        r#""Escalated to SOC""#
    );
}

#[test]
fn serde_writes_the_documented_spelling() {
    let read: Vec<Status> = serde_json::from_str(r#"["auto_resolved","OPEN","Later"]"#).unwrap();
    assert_eq!(
        read,
        [
            Status::AutoResolved,
            Status::Open,
            Status::Unknown("Later".to_owned())
        ]
    );
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        r#"["Auto-Resolved","Open","Later"]"#
    );
}

#[test]
fn a_non_string_is_refused_with_the_expectation() {
    let err = serde_json::from_str::<Status>("3").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `3`, expected an alert status such as \"Open\" at line 1 column 1"
    );
}

#[test]
fn known_lists_every_variant_in_order() {
    assert_eq!(Status::KNOWN, &[Status::Open, Status::AutoResolved]);
    assert_eq!(Status::AutoResolved.to_string(), "Auto-Resolved");
}
