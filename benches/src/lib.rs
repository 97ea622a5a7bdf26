//! What the benches, the allocation counter and the instruction-count driver share: the
//! baselines a user would write by hand, measured beside fleethooks' typed parsers.

use std::hint::black_box;

use quick_xml::Reader;
use quick_xml::events::Event;

/// What a hand-written quick-xml consumer does at minimum: read every event and look at every
/// name and text. The baseline of the Jamf XML parse; returns the bytes it touched, so nothing
/// is optimized away.
pub fn raw_walk(xml: &[u8]) -> usize {
    let mut reader = Reader::from_reader(xml);
    let mut touched = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => touched += e.name().as_ref().len(),
            Ok(Event::Text(t)) => touched += black_box(t.as_ref()).len(),
            Ok(Event::GeneralRef(r)) => touched += r.as_ref().len(),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    touched
}
