//! A YAML tree with line and column on every key and value, from marked-yaml; configs it
//! refuses (anchors, aliases, merge keys, tags) are built from yaml-rust2's events instead, with
//! aliases and merge keys resolved and every key at the line where its text is written.

use std::collections::HashMap;

use marked_yaml::Node as Marked;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based line and column; (0, 0) when unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub enum Node {
    Map(Vec<Entry>),
    Seq(Vec<(Pos, Node)>),
    Scalar(String),
    Null,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value_pos: Pos,
    pub value: Node,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match self {
            Node::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn value(&self, key: &str) -> Option<&Node> {
        self.get(key).map(|e| &e.value)
    }

    pub fn entries(&self) -> &[Entry] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[(Pos, Node)] {
        match self {
            Node::Seq(items) => items,
            _ => &[],
        }
    }

    /// Walk a dotted path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Entry> {
        let (last, parents) = keys.split_last()?;
        let mut node = self;
        for k in parents {
            node = node.value(k)?;
        }
        node.get(last)
    }
}

/// The parse error, positioned.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub pos: Pos,
}

pub fn parse(text: &str) -> Result<Node, ParseError> {
    match marked_yaml::parse_yaml(0, text) {
        Ok(node) => Ok(from_marked(&node)),
        Err(marked_yaml::LoadError::UnexpectedAnchor(_) | marked_yaml::LoadError::UnexpectedTag(_)) => fallback(text),
        Err(marked_yaml::LoadError::TopLevelMustBeMapping(m)) => {
            if text.trim().is_empty() || text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
                Ok(Node::Map(Vec::new()))
            } else {
                Err(ParseError {
                    message: "a collector config must be a YAML mapping at the top".into(),
                    pos: marker(&m),
                })
            }
        }
        Err(marked_yaml::LoadError::ScanError(m, e)) => {
            Err(ParseError { message: format!("invalid YAML: {}", scan_message(&e.to_string())), pos: marker(&m) })
        }
        Err(marked_yaml::LoadError::MappingKeyMustBeScalar(m)) => {
            Err(ParseError { message: "mapping keys must be plain scalars".into(), pos: marker(&m) })
        }
        Err(marked_yaml::LoadError::DuplicateKey(d)) => Err(ParseError {
            message: format!("duplicate key {:?}", d.key.as_str()),
            pos: d.key.span().start().map(marker).unwrap_or_default(),
        }),
        Err(other) => Err(ParseError { message: format!("invalid YAML: {other}"), pos: Pos::default() }),
    }
}

/// "did not find expected key at line 3 column 5, while parsing ..." -> the part before " at line".
fn scan_message(full: &str) -> String {
    full.split(" at line ").next().unwrap_or(full).trim().to_owned()
}

fn marker(m: &marked_yaml::Marker) -> Pos {
    Pos { line: m.line(), column: m.column() }
}

fn span_start(span: &marked_yaml::Span) -> Pos {
    span.start().map(marker).unwrap_or_default()
}

fn from_marked(node: &Marked) -> Node {
    match node {
        Marked::Scalar(s) => {
            let text = s.as_str();
            if text.is_empty() || text == "~" || text == "null" {
                Node::Null
            } else {
                Node::Scalar(text.to_owned())
            }
        }
        Marked::Sequence(seq) => Node::Seq(seq.iter().map(|n| (span_start(n.span()), from_marked(n))).collect()),
        Marked::Mapping(map) => Node::Map(
            map.iter()
                .map(|(k, v)| Entry {
                    key: k.as_str().to_owned(),
                    key_pos: span_start(k.span()),
                    value_pos: span_start(v.span()),
                    value: from_marked(v),
                })
                .collect(),
        ),
    }
}

/// The tree from the parser's events. An alias is a copy of its anchored node, positions
/// included (its text is written there); a merge key `<<` adds the entries of the mapping (or
/// mappings, the first winning) it names, under the keys the mapping does not write itself.
fn fallback(text: &str) -> Result<Node, ParseError> {
    let mut builder = EventTree::default();
    Parser::new_from_str(text)
        .load(&mut builder, false)
        .map_err(|e| ParseError { message: format!("invalid YAML: {}", e.info()), pos: position(e.marker()) })?;
    if let Some(why) = builder.error {
        return Err(why);
    }
    match builder.root {
        Some((_, node @ Node::Map(_))) | Some((_, node @ Node::Null)) => Ok(node),
        None => Ok(Node::Map(Vec::new())),
        Some((pos, _)) => {
            Err(ParseError { message: "a collector config must be a YAML mapping at the top".into(), pos })
        }
    }
}

fn position(m: &Marker) -> Pos {
    Pos { line: m.line(), column: m.col() + 1 }
}

enum Open {
    Seq { anchor: usize, pos: Pos, items: Vec<(Pos, Node)> },
    Map { anchor: usize, pos: Pos, entries: Vec<Entry>, key: Option<(String, Pos)>, merged: Vec<Node> },
}

#[derive(Default)]
struct EventTree {
    open: Vec<Open>,
    anchors: HashMap<usize, (Pos, Node)>,
    root: Option<(Pos, Node)>,
    error: Option<ParseError>,
}

impl EventTree {
    fn done(&mut self, anchor: usize, pos: Pos, node: Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, (pos, node.clone()));
        }
        match self.open.last_mut() {
            None => self.root = Some((pos, node)),
            Some(Open::Seq { items, .. }) => items.push((pos, node)),
            Some(Open::Map { entries, key, merged, .. }) => match key.take() {
                None => match node {
                    Node::Scalar(k) => *key = Some((k, pos)),
                    Node::Null => *key = Some((String::new(), pos)),
                    _ => {
                        self.error
                            .get_or_insert(ParseError { message: "mapping keys must be plain scalars".into(), pos });
                        *key = Some((String::new(), pos));
                    }
                },
                Some((k, _)) if k == "<<" => merged.push(node),
                Some((k, key_pos)) => {
                    if entries.iter().any(|e| e.key == k) {
                        self.error.get_or_insert(ParseError { message: format!("duplicate key {k:?}"), pos: key_pos });
                    }
                    entries.push(Entry { key: k, key_pos, value_pos: pos, value: node });
                }
            },
        }
    }
}

/// Entries a merge key brings in: from one mapping, or from each of a sequence of mappings.
fn merge_into(entries: &mut Vec<Entry>, merged: Vec<Node>) {
    let mut sources = Vec::new();
    for node in merged {
        match node {
            Node::Map(m) => sources.push(m),
            Node::Seq(items) => sources.extend(items.into_iter().filter_map(|(_, n)| match n {
                Node::Map(m) => Some(m),
                _ => None,
            })),
            _ => {}
        }
    }
    for source in sources {
        for entry in source {
            if !entries.iter().any(|e| e.key == entry.key) {
                entries.push(entry);
            }
        }
    }
}

impl MarkedEventReceiver for EventTree {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = position(&mark);
        match event {
            Event::Scalar(text, _, anchor, _) => {
                // As from_marked reads scalars, so both loaders give the same tree.
                let node =
                    if text.is_empty() || text == "~" || text == "null" { Node::Null } else { Node::Scalar(text) };
                self.done(anchor, pos, node);
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some((at, node)) => self.done(0, at, node),
                None => {
                    self.error.get_or_insert(ParseError { message: "alias to an unknown anchor".into(), pos });
                    self.done(0, pos, Node::Null);
                }
            },
            Event::SequenceStart(anchor, _) => self.open.push(Open::Seq { anchor, pos, items: Vec::new() }),
            Event::MappingStart(anchor, _) => {
                self.open.push(Open::Map { anchor, pos, entries: Vec::new(), key: None, merged: Vec::new() })
            }
            Event::SequenceEnd => {
                if let Some(Open::Seq { anchor, pos, items }) = self.open.pop() {
                    self.done(anchor, pos, Node::Seq(items));
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Map { anchor, pos, mut entries, merged, .. }) = self.open.pop() {
                    merge_into(&mut entries, merged);
                    self.done(anchor, pos, Node::Map(entries));
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let tree = parse("a:\n  b: 1\n  c: [x, y]\n").unwrap();
        let b = tree.path(&["a", "b"]).unwrap();
        assert_eq!(b.key_pos, Pos { line: 2, column: 3 });
        assert_eq!(tree.path(&["a", "c"]).unwrap().value.as_seq().len(), 2);
    }

    #[test]
    fn anchors_fall_back_with_positions_by_key() {
        let tree = parse("x: &d\n  k: 1\ny:\n  <<: *d\n  z: 2\n").unwrap();
        assert_eq!(tree.path(&["y", "k"]).unwrap().value.as_str(), Some("1"));
        assert_eq!(tree.get("y").unwrap().key_pos.line, 3);
    }

    /// Every key and value where its text is: the same positions marked-yaml gives, on a
    /// document both can read.
    #[test]
    fn event_tree_positions_match_marked_yaml() {
        fn flat(node: &Node, out: &mut Vec<(String, Pos, Pos)>) {
            for e in node.entries() {
                out.push((e.key.clone(), e.key_pos, e.value_pos));
                flat(&e.value, out);
            }
            for (_, item) in node.as_seq() {
                flat(item, out);
            }
        }
        let text = "a:\n  b: 1\n  c:\n    - d: x\n      e: [1, 2]\n  f: \"q\"\ng: {h: 1}\n";
        let (mut marked, mut events) = (Vec::new(), Vec::new());
        flat(&parse(text).unwrap(), &mut marked);
        flat(&fallback(text).unwrap(), &mut events);
        assert_eq!(marked, events);
    }

    #[test]
    fn merged_keys_keep_the_line_they_are_written_on_and_explicit_keys_win() {
        let text = "base: &b\n  endpoint: a:1\n  tls: {insecure: true}\nx:\n  endpoint: b:2\n  <<: *b\n";
        let tree = parse(text).unwrap();
        let x = tree.get("x").unwrap();
        assert_eq!(x.value.value("endpoint").unwrap().as_str(), Some("b:2"));
        assert_eq!(x.value.get("endpoint").unwrap().key_pos.line, 5);
        assert_eq!(x.value.get("tls").unwrap().key_pos.line, 3);
        assert_eq!(x.value.path(&["tls", "insecure"]).unwrap().value.as_str(), Some("true"));
        assert!(parse("a: *nowhere\n").is_err());
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let err = parse("a:\n  b: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }
}
