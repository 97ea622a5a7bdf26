//! Malformed input: each case is a clear error that says what and where.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures"
)]

use fleethooks_jamf::{Error, JamfEvent};

fn from_body(content_type: Option<&str>, body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_body(content_type, body)
}

fn from_json(body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_json(body)
}

fn from_xml(body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_xml(body)
}

/// `(input, expected Display)` for JSON bodies.
const JSON_CASES: &[(&[u8], &str)] = &[
    // Truncated: the path is the field being read when the body ended.
    (
        br#"{"event": {"computer": {"udid": "5A3F"#,
        "invalid JSON at `$.event.computer.udid` (line 1, column 37): EOF while parsing a string",
    ),
    (b"{\"event\": {\"computer\": {\"jssID\": 18", "invalid JSON at `$.event.computer.jssID` (line 1, column 35): EOF while parsing an object"),
    // Wrong types, event before webhook (the usual Jamf order) and after it.
    (
        b"{\n  \"event\": {\n    \"computer\": {\n      \"jssID\": \"abc\"\n    }\n  },\n  \"webhook\": {\"webhookEvent\": \"ComputerCheckIn\"}\n}",
        "invalid JSON at `$.event.computer.jssID` (line 4, column 20): invalid value: string \"abc\", expected an integer",
    ),
    (
        br#"{"webhook": {"webhookEvent": "ComputerCheckIn"}, "event": {"computer": {"jssID": 1.5}}}"#,
        "invalid JSON at `$.event.computer.jssID` (line 1, column 84): invalid type: floating point `1.5`, expected an integer",
    ),
    (
        br#"{"webhook": {"webhookEvent": "SmartGroupUserMembershipChange"}, "event": {"groupAddedUserIds": [88, "x"]}}"#,
        "invalid JSON at `$.event.groupAddedUserIds[1]` (line 1, column 103): invalid type: string \"x\", expected i64",
    ),
    (
        br#"{"event": {"successful": "maybe"}, "webhook": {"webhookEvent": "ComputerPolicyFinished"}}"#,
        "invalid JSON at `$.event.successful` (line 1, column 32): invalid value: string \"maybe\", expected a boolean",
    ),
    // A misleading "webhookEvent" elsewhere in the body does not change the outcome.
    (
        br#"{"event": {"computer": {"jssID": "x"}}, "webhook": {"webhookEvent": "ComputerCheckIn", "name": "\"webhookEvent\": \"PushSent\""}}"#,
        "invalid JSON at `$.event.computer.jssID` (line 1, column 36): invalid value: string \"x\", expected an integer",
    ),
    // Bad timestamps.
    (
        br#"{"event": {}, "webhook": {"webhookEvent": "JSSStartup", "eventTimestamp": 1.5e12}}"#,
        "invalid JSON at `$.webhook.eventTimestamp` (line 1, column 80): invalid type: floating point `1500000000000.0`, expected epoch milliseconds (or seconds) as an integer, or null",
    ),
    (
        br#"{"event": {}, "webhook": {"webhookEvent": "JSSStartup", "eventTimestamp": 9223372036854775807}}"#,
        "invalid JSON at `$.webhook.eventTimestamp` (line 1, column 93): timestamp 9223372036854775807 ms is out of range",
    ),
    (
        br#"{"event": {"lastUpdate": "yesterday"}, "webhook": {"webhookEvent": "PatchSoftwareTitleUpdated"}}"#,
        "invalid JSON at `$.event.lastUpdate` (line 1, column 36): invalid value: string \"yesterday\", expected epoch milliseconds as an integer",
    ),
    // Missing header parts.
    (br#"{"event": {}}"#, "missing the `webhook` header"),
    (br#"{"event": {}, "webhook": {"id": 3, "name": "Inventory"}}"#, "missing `webhook.webhookEvent`: the event type is not given"),
    (br#"{"event": {}, "webhook": {"webhookEvent": ""}}"#, "missing `webhook.webhookEvent`: the event type is not given"),
    (br#"{"webhook": {"webhookEvent": "JSSStartup"}}"#, "missing `event` for webhook event `JSSStartup`"),
    // An unknown event still needs its event.
    (br#"{"webhook": {"webhookEvent": "ComputerDeleted"}}"#, "missing `event` for webhook event `ComputerDeleted`"),
    (
        br#"{"webhook": {"webhookEvent": "JSSStartup"}, "webhook": {"webhookEvent": "JSSStartup"}, "event": {}}"#,
        "invalid JSON at `$.webhook` (line 1, column 53): duplicate field `webhook`",
    ),
    (b"[1, 2]", "invalid JSON at `$` (line 1, column 1): invalid type: sequence, expected a Jamf webhook object with `webhook` and `event`"),
    (b"{\"event\": {}, \"webhook\": {\"webhookEvent\": \"JSSStartup\"}} x", "invalid JSON at `$` (line 1, column 58): trailing characters"),
    // Invalid UTF-8 is reported before any parsing.
    (b"{\"event\": {\"name\": \"\xff\"}}", "invalid UTF-8 at byte 20 (line 1, column 21)"),
];

/// `(input, expected Display)` for XML bodies.
const XML_CASES: &[(&[u8], &str)] = &[
    (
        b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent></webhook><event><institution>Nor",
        "malformed XML at `/JSSEvent/event/institution` (line 1, column 92): `<institution>` is not closed",
    ),
    (
        b"<JSSEvent><webhook></event></JSSEvent>",
        "malformed XML at `/JSSEvent/webhook` (line 1, column 20): ill-formed document: expected `</webhook>`, but `</event>` was found",
    ),
    (
        b"<JSSEvent>\n<webhook><webhookEvent>ComputerCheckIn</webhookEvent></webhook>\n<event>\n  <computer>\n    <jssID>abc</jssID>\n  </computer>\n</event>\n</JSSEvent>",
        "invalid XML value at `/JSSEvent/event/computer/jssID` (line 5, column 5): invalid value: string \"abc\", expected an integer",
    ),
    (
        b"<JSSEvent><webhook><webhookEvent>SmartGroupUserMembershipChange</webhookEvent></webhook><event><groupAddedUserIds>88</groupAddedUserIds><groupAddedUserIds/></event></JSSEvent>",
        "invalid XML value at `/JSSEvent/event/groupAddedUserIds` (line 1, column 137): expected an integer, found an empty element",
    ),
    (
        b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent><eventTimestamp>soon</eventTimestamp></webhook><event/></JSSEvent>",
        "invalid XML value at `/JSSEvent/webhook/eventTimestamp` (line 1, column 59): invalid value: string \"soon\", expected epoch milliseconds (or seconds) as an integer",
    ),
    (
        b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent><eventTimestamp>99999999999999999999</eventTimestamp></webhook><event/></JSSEvent>",
        "invalid XML value at `/JSSEvent/webhook/eventTimestamp` (line 1, column 59): invalid value: string \"99999999999999999999\", expected epoch milliseconds (or seconds) as an integer",
    ),
    (
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE JSSEvent [<!ENTITY lol \"lol\">]>\n<JSSEvent/>",
        "XML document type declarations are not accepted (line 2, column 1)",
    ),
    (b"<Event/>", "XML root element is `Event`, expected `JSSEvent`"),
    (b"<JSSEvent><event/></JSSEvent>", "missing the `webhook` header"),
    (b"<JSSEvent><webhook><id>7</id></webhook><event/></JSSEvent>", "missing `webhook.webhookEvent`: the event type is not given"),
    (b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent></webhook></JSSEvent>", "missing `event` for webhook event `JSSStartup`"),
    (
        b"<JSSEvent><webhook><name>&nbsp;</name></webhook></JSSEvent>",
        "malformed XML at `/JSSEvent/webhook/name` (line 1, column 26): unknown entity `&nbsp;`",
    ),
    (b"<JSSEvent></JSSEvent><JSSEvent/>", "malformed XML at `/` (line 1, column 22): a second root element"),
    (b"<JSSEvent/>trailing", "malformed XML at `/` (line 1, column 12): text outside the root element"),
    // Found by fuzzing: quick-xml skips a second BOM and shifted the offsets after it, so an
    // unknown event's raw text came out three bytes early.
    (
        b"\xEF\xBB\xBF\xEF\xBB\xBF<JSSEvent/>",
        "malformed XML at `/` (line 1, column 1): text outside the root element",
    ),
    (b"<JSSEvent>\0</JSSEvent>", "malformed XML at `/` (line 1, column 11): U+0000 is not allowed in XML"),
    (b"<JSSEvent>\n<x>\xc3\x28</x></JSSEvent>", "invalid UTF-8 at byte 14 (line 2, column 4)"),
];

#[test]
fn json_errors() {
    for (input, expected) in JSON_CASES {
        let err = from_json(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            *expected,
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn xml_errors() {
    for (input, expected) in XML_CASES {
        let err = from_xml(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            *expected,
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn json_errors_carry_path_line_and_source() {
    let ok = from_json(br#"{"event": {"computer": {"jssID": true}}, "webhook": {"webhookEvent": "ComputerAdded"}}"#);
    // ComputerAdded has no `computer` object: the unknown member is kept, not checked.
    let Ok(JamfEvent::ComputerAdded(added)) = &ok else {
        panic!("{ok:?}")
    };
    assert_eq!(added.event.extra["computer"]["jssID"], true);
    let err =
        from_json(br#"{"event": {"jssID": true}, "webhook": {"webhookEvent": "ComputerAdded"}}"#)
            .unwrap_err();
    let Error::Json(json) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(json.path(), "$.event.jssID");
    assert_eq!(json.line_column(), (1, 24));
    assert_eq!(
        json.message(),
        "invalid type: boolean `true`, expected an integer"
    );
    assert!(!json.is_syntax());
    assert!(json.inner().is_data());
    assert_eq!(err.path(), Some("$.event.jssID"));
    assert_eq!(err.line_column(), Some((1, 24)));
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn every_error_about_a_place_has_a_path_and_a_position() {
    /// `(input, is JSON, path, line/column)`; `None` for errors about no place in the body.
    type Case = (
        &'static [u8],
        bool,
        Option<&'static str>,
        Option<(usize, usize)>,
    );
    let cases: &[Case] = &[
        (b"{\"event\": {\"computer\": {\"jssID\": 18", true, Some("$.event.computer.jssID"), Some((1, 35))),
        (b"<JSSEvent><webhook></event></JSSEvent>", false, Some("/JSSEvent/webhook"), Some((1, 20))),
        (b"<JSSEvent><webhook><name>&nbsp;</name></webhook></JSSEvent>", false, Some("/JSSEvent/webhook/name"), Some((1, 26))),
        (
            b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent><eventTimestamp>soon</eventTimestamp></webhook><event/></JSSEvent>",
            false,
            Some("/JSSEvent/webhook/eventTimestamp"),
            Some((1, 59)),
        ),
        (b"<?xml version=\"1.0\"?>\n<!DOCTYPE JSSEvent>\n<JSSEvent/>", false, None, Some((2, 1))),
        (b"{\"event\": {\"name\": \"\xff\"}}", true, None, Some((1, 21))),
        (br#"{"event": {}}"#, true, None, None),
        (b"<JSSEvent><webhook><id>7</id></webhook><event/></JSSEvent>", false, None, None),
        (b"<Event/>", false, None, None),
    ];
    for (input, json, path, position) in cases {
        let err = if *json {
            from_json(input)
        } else {
            from_xml(input)
        }
        .unwrap_err();
        assert_eq!(err.path(), *path, "{err}");
        assert_eq!(err.line_column(), *position, "{err}");
    }
    let err = from_body(Some("text/plain"), b"{}").unwrap_err();
    assert_eq!((err.path(), err.line_column()), (None, None));
}

#[test]
fn deep_nesting_is_bounded() {
    let xml = format!(
        "<JSSEvent><webhook><webhookEvent>ComputerAdded</webhookEvent></webhook><event>{}</event></JSSEvent>",
        "<a>".repeat(100)
    );
    let err = from_xml(xml.as_bytes()).unwrap_err();
    let Error::TooDeep {
        limit: 64,
        path,
        line: 1,
        column: 265,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(path.starts_with("/JSSEvent/event/a/a/"));
    assert_eq!(path.matches('/').count(), 64);
    assert_eq!(err.line_column(), Some((1, 265)));

    // JSON is bounded the same way, typed events too, since their unknown members are kept:
    // whatever is kept must be writable as XML. A container may not open at level 64 (the
    // document's object is level 1), where its members would be XML's level 65.
    let json = format!(
        r#"{{"event": {{"x": {}{}}}, "webhook": {{"webhookEvent": "JSSStartup"}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for body in [json.clone(), json.replace("JSSStartup", "ComputerDeleted")] {
        let err = from_json(body.as_bytes()).unwrap_err();
        let Error::TooDeep {
            limit: 64,
            path,
            line: 1,
            column: 78,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(path, &format!("$.event.x{}", "[0]".repeat(61)));
    }
    // One level less is accepted, kept, and written back in both forms.
    let members = |depth: usize| {
        format!(
            r#"{{"event": {{"x": {}1{}}}, "webhook": {{"webhookEvent": "JSSStartup"}}}}"#,
            "{\"y\": ".repeat(depth),
            "}".repeat(depth)
        )
    };
    let deepest = from_json(members(61).as_bytes()).unwrap();
    let xml = deepest.to_xml().unwrap();
    assert_eq!(from_xml(xml.as_bytes()).unwrap(), deepest);
    assert!(matches!(
        from_json(members(62).as_bytes()),
        Err(Error::TooDeep { .. })
    ));
}

#[test]
fn content_type_and_sniffing() {
    let json = br#"{"event": {}, "webhook": {"webhookEvent": "JSSStartup"}}"#;
    let xml =
        b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent></webhook><event/></JSSEvent>";
    for ct in [
        "application/json",
        "Application/JSON; charset=utf-8",
        "application/vnd.jamf+json",
    ] {
        assert!(from_body(Some(ct), json).is_ok(), "{ct}");
    }
    for ct in ["text/xml", "application/xml;charset=UTF-8", "TEXT/XML"] {
        assert!(from_body(Some(ct), xml).is_ok(), "{ct}");
    }
    let mut with_bom = b"\xEF\xBB\xBF \n".to_vec();
    with_bom.extend_from_slice(xml);
    assert!(from_body(None, &with_bom).is_ok());
    assert!(from_body(Some(""), json).is_ok());
    let err = from_body(Some("text/plain"), json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported content type `text/plain`: expected application/json, application/xml or text/xml"
    );
    // The content type wins over the body.
    assert!(matches!(
        from_body(Some("text/xml"), json),
        Err(Error::XmlSyntax { .. } | Error::XmlStructure { .. })
    ));
    let err = from_body(None, b"  ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "body is neither JSON nor XML (first non-blank byte: none, the body is empty)"
    );
    let err = from_body(None, b"webhookEvent=JSSStartup").unwrap_err();
    assert_eq!(
        err.to_string(),
        "body is neither JSON nor XML (first non-blank byte: `w`)"
    );
}

#[test]
fn attributes_comments_cdata_and_prefixes_are_tolerated() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- delivered by Jamf Pro 11.4 -->
<j:JSSEvent xmlns:j="urn:example:jamf" version="1">
  <j:webhook><j:webhookEvent>JSSStartup</j:webhookEvent><j:id kind="int">7</j:id></j:webhook>
  <?audit pass?>
  <j:event>
    <j:institution><![CDATA[Northwind & Sons <Labs>]]></j:institution>
    <j:jssUrl>https://northwind.jamfcloud.com/?a=1&amp;b=&#233;</j:jssUrl>
  </j:event>
</j:JSSEvent>"#;
    let event = from_xml(xml).unwrap();
    let fleethooks_jamf::JamfEvent::JSSStartup(s) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(s.webhook.id, Some(7));
    assert_eq!(
        s.event.institution.as_deref(),
        Some("Northwind & Sons <Labs>")
    );
    assert_eq!(
        s.event.jss_url.as_deref(),
        Some("https://northwind.jamfcloud.com/?a=1&b=é")
    );
}
