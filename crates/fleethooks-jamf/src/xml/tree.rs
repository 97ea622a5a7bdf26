//! A flat tree of the XML elements, borrowing names and text from the input.
//!
//! One pass of quick-xml's event reader fills a `Vec` of nodes linked by index. Text is kept
//! only for elements without child elements (formatting whitespace between children is dropped)
//! and borrows the input unless a reference (`&amp;`, `&#233;`), CDATA next to text, or a
//! carriage return forces a copy.

use crate::error::Error;
use fleethooks_core::json::line_column;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::cell::Cell;

/// No node: the end of a sibling list, or no parent.
pub(crate) const NONE: u32 = u32::MAX;

pub(crate) struct Node<'a> {
    pub(crate) name: &'a str,
    pub(crate) text: Cow<'a, str>,
    pub(crate) parent: u32,
    pub(crate) first_child: u32,
    pub(crate) last_child: u32,
    pub(crate) next_sibling: u32,
    /// Byte offset of the `<` opening the element.
    pub(crate) start: usize,
    /// Byte offset just past the element's end.
    pub(crate) end: usize,
}

pub(crate) struct Tree<'a> {
    src: &'a str,
    nodes: Vec<Node<'a>>,
    /// Whether `src` contains a carriage return, which text must then be normalized for.
    has_cr: bool,
    /// Whether elements read as generic values must have names this crate can write (see
    /// `de::Value::deserialize_any`).
    pub(crate) check_names: bool,
}

/// The innermost open element and how many are open.
#[derive(Clone, Copy)]
struct Open {
    top: Option<u32>,
    depth: usize,
}

/// The `&str` of `src` that `part` (a slice quick-xml borrowed from it) covers.
fn within<'a>(src: &'a str, part: &[u8]) -> Option<&'a str> {
    let offset = (part.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    src.get(offset..offset.checked_add(part.len())?)
}

/// The name after the first `:`, as quick-xml's `local_name` gives it. Names are short, so a
/// plain loop, without the set-up of that method's `memchr` call, finds the colon.
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

fn push_text<'a>(text: &mut Cow<'a, str>, piece: &'a str, has_cr: bool) {
    // `has_cr` says whether the document has a CR at all, found by one scan of the whole
    // input, so that the texts of a document without one (all of Jamf's) are not scanned.
    if has_cr && piece.bytes().any(|b| b == b'\r') {
        // XML 1.0 §2.11: CR LF and lone CR read as LF.
        let normal = piece.replace("\r\n", "\n").replace('\r', "\n");
        text.to_mut().push_str(&normal);
    } else if text.is_empty() {
        *text = Cow::Borrowed(piece);
    } else {
        text.to_mut().push_str(piece);
    }
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

thread_local! {
    /// The node list of this thread's last tree, empty, kept for the next parse.
    static SPARE: Cell<Vec<Node<'static>>> = const { Cell::new(Vec::new()) };
}

/// The most nodes a kept list may hold room for (about 74 KB), so a huge document does not
/// pin its memory to the thread.
const SPARE_MAX: usize = 1024;

/// The same (empty) allocation, retyped for another input's lifetime. `collect` reuses a
/// `Vec`'s buffer when the element layout is unchanged, as it is here.
fn retype<'x, 'y>(mut nodes: Vec<Node<'x>>) -> Vec<Node<'y>> {
    nodes.clear();
    #[allow(
        clippy::unnecessary_filter_map,
        reason = "`filter` cannot change the element type, which is the point"
    )]
    nodes.into_iter().filter_map(|_| None).collect()
}

/// An empty node list with room for `capacity` nodes, reusing the thread's spare one.
///
/// A fresh list for a typical event is an allocation of a few KB, which glibc serves as a
/// "large" request after consolidating its fast bins, where the previous event's freed strings
/// sit; reusing the list skips that work on every parse but a thread's first.
fn spare_nodes<'y>(capacity: usize) -> Vec<Node<'y>> {
    // `try_with` fails (rather than panics) only while the thread is being torn down.
    let mut nodes = retype(SPARE.try_with(Cell::take).unwrap_or_default());
    nodes.reserve(capacity);
    nodes
}

impl Drop for Tree<'_> {
    fn drop(&mut self) {
        if self.nodes.capacity() <= SPARE_MAX {
            let nodes = retype(std::mem::take(&mut self.nodes));
            let _ = SPARE.try_with(|spare| spare.set(nodes));
        }
    }
}

impl<'a> Tree<'a> {
    /// Reads `src` into a tree, rejecting DOCTYPEs, nesting deeper than [`crate::MAX_DEPTH`] and
    /// anything but one root element.
    pub(crate) fn parse(src: &'a str) -> Result<Self, Error> {
        let mut reader = Reader::from_str(src);
        let mut tree = Tree {
            src,
            nodes: spare_nodes(src.len() / 24 + 8),
            // One SIMD scan of the whole input, so that texts need no scan of their own.
            has_cr: memchr::memchr(b'\r', src.as_bytes()).is_some(),
            check_names: true,
        };
        // The open elements are `top` and its ancestors by their `parent` links, so no stack
        // of them is kept (one allocation fewer per parse).
        let mut open = Open {
            top: None,
            depth: 0,
        };
        let mut root_closed = false;
        loop {
            let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            // Matched where quick-xml wrote it: moving the event out of the `Result` first
            // compiled to 16-byte loads of what had just been stored in 8-byte halves, a
            // store-forwarding stall per event.
            match reader.read_event() {
                Err(source) => return Err(tree.syntax_error(&reader, open.top, source)),
                Ok(Event::Start(e)) => {
                    let idx = tree.open(open, root_closed, local_name(e.name().0), start)?;
                    open = Open {
                        top: Some(idx),
                        depth: open.depth + 1,
                    };
                }
                Ok(Event::Empty(e)) => {
                    let idx = tree.open(open, root_closed, local_name(e.name().0), start)?;
                    let end = usize::try_from(reader.buffer_position()).unwrap_or(src.len());
                    if let Some(n) = tree.nodes.get_mut(idx as usize) {
                        n.end = end;
                    }
                    if open.depth == 0 {
                        root_closed = true;
                    }
                }
                Ok(Event::End(_)) => {
                    let end = usize::try_from(reader.buffer_position()).unwrap_or(src.len());
                    if let Some(n) = open.top.and_then(|idx| tree.nodes.get_mut(idx as usize)) {
                        n.end = end;
                        open = Open {
                            top: (n.parent != NONE).then_some(n.parent),
                            depth: open.depth.saturating_sub(1),
                        };
                    }
                    if open.depth == 0 {
                        root_closed = true;
                    }
                }
                Ok(Event::Text(t)) => {
                    // Formatting between child elements is most of the text events: drop it
                    // before looking at it.
                    let top = open.top;
                    if top
                        .and_then(|i| tree.node(i))
                        .is_some_and(|n| n.first_child != NONE)
                    {
                        continue;
                    }
                    let piece = match t.into_inner() {
                        Cow::Borrowed(b) => within(src, b),
                        Cow::Owned(_) => None,
                    }
                    .ok_or_else(|| {
                        tree.structure_error_at(open.top, start, "text outside the input")
                    })?;
                    tree.text(open.top, piece, start)?;
                }
                Ok(Event::CData(t)) => {
                    let piece = match t.into_inner() {
                        Cow::Borrowed(b) => within(src, b),
                        Cow::Owned(_) => None,
                    }
                    .ok_or_else(|| {
                        tree.structure_error_at(open.top, start, "CDATA outside the input")
                    })?;
                    // CDATA content is never blank formatting: keep it even when empty.
                    match open.top {
                        Some(top) => tree.text(Some(top), piece, start)?,
                        None => {
                            return Err(tree.structure_error_at(
                                None,
                                start,
                                "CDATA outside the root element",
                            ));
                        }
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    let top = open.top;
                    if top.is_none() {
                        return Err(tree.structure_error_at(
                            None,
                            start,
                            "a reference outside the root element",
                        ));
                    }
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(ch)) => ch,
                        Ok(None) => {
                            let name = r.decode().unwrap_or_default();
                            predefined(&name).ok_or_else(|| {
                                tree.structure_error_at(
                                    top,
                                    start,
                                    &format!("unknown entity `&{name};`"),
                                )
                            })?
                        }
                        Err(_) => {
                            return Err(tree.structure_error_at(
                                top,
                                start,
                                "invalid character reference",
                            ));
                        }
                    };
                    tree.push_char(top, ch);
                }
                Ok(Event::DocType(_)) => {
                    let (line, column) = line_column(src.as_bytes(), start);
                    return Err(Error::DocType { line, column });
                }
                Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
                Ok(Event::Eof) => break,
            }
        }
        if let Some(top) = open.top {
            let name = tree.name(top).to_owned();
            return Err(tree.structure_error_at(
                Some(top),
                src.len(),
                &format!("`<{name}>` is not closed"),
            ));
        }
        Ok(tree)
    }

    /// Adds an element opened at `start` under the innermost open one.
    fn open(
        &mut self,
        open: Open,
        root_closed: bool,
        name: &[u8],
        start: usize,
    ) -> Result<u32, Error> {
        let parent = open.top;
        if root_closed {
            return Err(self.structure_error_at(None, start, "a second root element"));
        }
        if open.depth >= crate::MAX_DEPTH {
            let (line, column) = line_column(self.src.as_bytes(), start);
            return Err(Error::TooDeep {
                limit: crate::MAX_DEPTH,
                path: self.path(parent),
                line,
                column,
            });
        }
        let name = within(self.src, name).ok_or_else(|| {
            self.structure_error_at(parent, start, "element name outside the input")
        })?;
        self.push(name, parent.unwrap_or(NONE), start)
    }

    fn push(&mut self, name: &'a str, parent: u32, start: usize) -> Result<u32, Error> {
        let idx = u32::try_from(self.nodes.len())
            .ok()
            .filter(|&i| i != NONE)
            .ok_or_else(|| self.structure_error_at(None, start, "too many elements"))?;
        self.nodes.push(Node {
            name,
            text: Cow::Borrowed(""),
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start,
            end: start,
        });
        if let Some(p) = self.nodes.get_mut(parent as usize) {
            let last = p.last_child;
            p.last_child = idx;
            // Text before the first child was formatting; an element with children has none.
            p.text = Cow::Borrowed("");
            if last == NONE {
                p.first_child = idx;
            } else if let Some(prev) = self.nodes.get_mut(last as usize) {
                prev.next_sibling = idx;
            }
        }
        Ok(idx)
    }

    fn text(&mut self, top: Option<u32>, piece: &'a str, start: usize) -> Result<(), Error> {
        match top.and_then(|t| self.nodes.get_mut(t as usize)) {
            Some(node) => {
                if node.first_child == NONE {
                    push_text(&mut node.text, piece, self.has_cr);
                }
                Ok(())
            }
            None if piece.trim_ascii().is_empty() => Ok(()),
            None => Err(self.structure_error_at(None, start, "text outside the root element")),
        }
    }

    fn push_char(&mut self, top: Option<u32>, ch: char) {
        if let Some(node) = top.and_then(|t| self.nodes.get_mut(t as usize)) {
            if node.first_child == NONE {
                node.text.to_mut().push(ch);
            }
        }
    }

    pub(crate) fn node(&self, idx: u32) -> Option<&Node<'a>> {
        self.nodes.get(idx as usize)
    }

    pub(crate) fn root(&self) -> Option<u32> {
        if self.nodes.is_empty() { None } else { Some(0) }
    }

    pub(crate) fn name(&self, idx: u32) -> &'a str {
        self.node(idx).map_or("", |n| n.name)
    }

    /// The first child of `parent` named `name`.
    pub(crate) fn child(&self, parent: u32, name: &str) -> Option<u32> {
        let mut c = self.node(parent)?.first_child;
        while let Some(n) = self.node(c) {
            if n.name == name {
                return Some(c);
            }
            c = n.next_sibling;
        }
        None
    }

    /// The element's source text, from `<` to the end of its end tag.
    pub(crate) fn raw(&self, idx: u32) -> &'a str {
        self.node(idx)
            .and_then(|n| self.src.get(n.start..n.end))
            .unwrap_or("")
    }

    /// `/JSSEvent/event/computer` for a node.
    pub(crate) fn path(&self, idx: Option<u32>) -> String {
        let mut names = Vec::new();
        let mut at = idx.unwrap_or(NONE);
        while let Some(n) = self.node(at) {
            names.push(n.name);
            at = n.parent;
        }
        if names.is_empty() {
            return "/".to_owned();
        }
        names.iter().rev().fold(String::new(), |mut acc, n| {
            acc.push('/');
            acc.push_str(n);
            acc
        })
    }

    /// A quick-xml error, placed where the reader stopped.
    #[cold]
    fn syntax_error(
        &self,
        reader: &Reader<&[u8]>,
        top: Option<u32>,
        source: quick_xml::Error,
    ) -> Error {
        let at = usize::try_from(reader.error_position()).unwrap_or(0);
        let (line, column) = line_column(self.src.as_bytes(), at);
        Error::XmlSyntax {
            path: self.path(top),
            line,
            column,
            source,
        }
    }

    pub(crate) fn structure_error(&self, idx: Option<u32>, message: &str) -> Error {
        let at = idx.and_then(|i| self.node(i)).map_or(0, |n| n.start);
        self.structure_error_at(idx, at, message)
    }

    fn structure_error_at(&self, idx: Option<u32>, at: usize, message: &str) -> Error {
        let (line, column) = line_column(self.src.as_bytes(), at);
        Error::XmlStructure {
            path: self.path(idx),
            line,
            column,
            message: message.to_owned(),
        }
    }

    /// Places a deserialization error at the element it arose in.
    pub(crate) fn value_error(&self, e: super::de::DeError) -> Error {
        let at = e.node.and_then(|i| self.node(i)).map_or(0, |n| n.start);
        let (line, column) = line_column(self.src.as_bytes(), at);
        Error::XmlValue {
            path: self.path(e.node),
            line,
            column,
            message: e.message,
        }
    }
}
