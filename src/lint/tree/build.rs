//! The tree from yaml-rust2's parser events, pulled one at a time with an explicit stack of open
//! collections. (Its own `load` recurses once per nesting level, and a few kilobytes of `- - - -`
//! overflow the stack.) Nesting and alias expansion are bounded by [`limits`](crate::lint::limits).

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::ops::AddAssign;
use std::rc::Rc;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use super::{Entry, Node, ParseError, Pos};
use crate::lint::limits::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH};

/// The first document of `text` as a tree: a mapping (an empty one for an empty file).
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let mut parser = Parser::new_from_str(text);
    let mut tree = Builder::default();
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| ParseError { message: format!("invalid YAML: {}", e.info()), pos: position(e.marker()) })?;
        let pos = position(&mark);
        match event {
            // The first document is the config, as for the collector's own loader.
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
            Event::Scalar(text, _, anchor, _) => tree.scalar(text, anchor, pos)?,
            Event::Alias(id) => tree.alias(id, pos)?,
            Event::SequenceStart(anchor, _) => tree.open(anchor, pos, Body::Seq(Vec::new()))?,
            Event::MappingStart(anchor, _) => tree.open(anchor, pos, Body::Map(OpenMap::default()))?,
            Event::SequenceEnd | Event::MappingEnd => tree.close()?,
        }
    }
    match tree.root {
        None => Ok(Node::Map(Vec::new())),
        Some((pos, node)) => match node.resolved() {
            Node::Map(_) | Node::Null => Ok(node),
            _ => Err(ParseError { message: "a collector config must be a YAML mapping at the top".into(), pos }),
        },
    }
}

fn position(m: &Marker) -> Pos {
    Pos { line: m.line(), column: m.col() + 1 }
}

/// What a node stands for once its aliases are expanded: nodes, and bytes of key and scalar text.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
}

impl AddAssign for Size {
    fn add_assign(&mut self, other: Size) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

/// A mapping being read: its entries, their keys (for duplicates), the key waiting for its value,
/// and what merge keys (`<<`) name.
#[derive(Default)]
struct OpenMap {
    entries: Vec<Entry>,
    keys: KeySet,
    key: Option<(String, Pos)>,
    merged: Vec<Node>,
}

/// The keys of a mapping being read, by hash: a copy of each key doubled the memory a large
/// mapping takes. A hash seen before is confirmed against the entries, so a collision is no
/// duplicate; the hasher is seeded at random, so a file cannot be made of colliding keys.
#[derive(Default)]
struct KeySet {
    hashes: HashSet<u64>,
    state: RandomState,
}

impl KeySet {
    /// Whether `key` is in `entries` already; remembers it.
    fn seen(&mut self, key: &str, entries: &[Entry]) -> bool {
        !self.hashes.insert(self.state.hash_one(key)) && entries.iter().any(|e| e.key == key)
    }
}

enum Body {
    Seq(Vec<(Pos, Node)>),
    Map(OpenMap),
}

/// A collection between its start and end events.
struct Open {
    anchor: usize,
    pos: Pos,
    size: Size,
    body: Body,
}

/// An anchored node: where it is written, the node, what it stands for.
struct Anchored {
    pos: Pos,
    node: Rc<Node>,
    size: Size,
}

#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    anchors: HashMap<usize, Anchored>,
    /// What the aliases so far stood for, each use counted.
    expanded: Size,
    root: Option<(Pos, Node)>,
}

impl Builder {
    fn scalar(&mut self, text: String, anchor: usize, pos: Pos) -> Result<(), ParseError> {
        let size = Size { nodes: 1, bytes: text.len() };
        let node = if text.is_empty() || text == "~" || text == "null" { Node::Null } else { Node::Scalar(text) };
        self.done(anchor, pos, node, size)
    }

    /// An alias is its anchored node, at the position where the anchored text is written.
    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), ParseError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(ParseError { message: "alias to an unknown anchor".into(), pos });
        };
        let (at, node, size) = (anchored.pos, Node::Shared(Rc::clone(&anchored.node)), anchored.size);
        self.expanded += size;
        if self.expanded.nodes > MAX_ALIAS_NODES {
            return Err(ParseError {
                message: format!(
                    "aliases expand to more than {MAX_ALIAS_NODES} nodes, lint's limit (each use counts all it repeats)"
                ),
                pos,
            });
        }
        if self.expanded.bytes > MAX_ALIAS_BYTES {
            return Err(ParseError {
                message: format!(
                    "aliases expand to more than {} MiB of text, lint's limit (each use counts all it repeats)",
                    MAX_ALIAS_BYTES >> 20
                ),
                pos,
            });
        }
        self.done(0, at, node, size)
    }

    fn open(&mut self, anchor: usize, pos: Pos, body: Body) -> Result<(), ParseError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(ParseError {
                message: format!("mappings and lists nested deeper than {MAX_DEPTH} levels, lint's limit"),
                pos,
            });
        }
        self.open.push(Open { anchor, pos, size: Size::default(), body });
        Ok(())
    }

    fn close(&mut self) -> Result<(), ParseError> {
        let Some(open) = self.open.pop() else { return Ok(()) };
        let node = match open.body {
            Body::Seq(items) => Node::Seq(items),
            Body::Map(OpenMap { mut entries, mut keys, merged, .. }) => {
                merge_into(&mut entries, &mut keys, &merged);
                Node::Map(entries)
            }
        };
        let mut size = open.size;
        size += Size { nodes: 1, bytes: 0 };
        self.done(open.anchor, open.pos, node, size)
    }

    /// A complete node: into the anchors if it has one, and into its parent.
    fn done(&mut self, anchor: usize, pos: Pos, node: Node, size: Size) -> Result<(), ParseError> {
        let node = if anchor == 0 {
            node
        } else {
            let shared = Rc::new(node);
            self.anchors.insert(anchor, Anchored { pos, node: Rc::clone(&shared), size });
            Node::Shared(shared)
        };
        let Some(parent) = self.open.last_mut() else {
            self.root = Some((pos, node));
            return Ok(());
        };
        parent.size += size;
        match &mut parent.body {
            Body::Seq(items) => items.push((pos, node)),
            Body::Map(map) => match map.key.take() {
                None => {
                    let key = match node.resolved() {
                        Node::Scalar(k) => k.clone(),
                        Node::Null => String::new(),
                        _ => return Err(ParseError { message: "mapping keys must be plain scalars".into(), pos }),
                    };
                    map.key = Some((key, pos));
                }
                Some((k, _)) if k == "<<" => map.merged.push(node),
                Some((key, key_pos)) => {
                    if map.keys.seen(&key, &map.entries) {
                        return Err(ParseError { message: format!("duplicate key {key:?}"), pos: key_pos });
                    }
                    map.entries.push(Entry { key, key_pos, value_pos: pos, value: node });
                }
            },
        }
        Ok(())
    }
}

/// Entries merge keys bring in: from one mapping, or from each of a list of mappings (the first
/// winning), under the keys the mapping does not write itself.
fn merge_into(entries: &mut Vec<Entry>, keys: &mut KeySet, merged: &[Node]) {
    let mut sources: Vec<&[Entry]> = Vec::new();
    for node in merged {
        match node.resolved() {
            Node::Map(m) => sources.push(m),
            Node::Seq(items) => sources.extend(items.iter().filter_map(|(_, n)| match n.resolved() {
                Node::Map(m) => Some(m.as_slice()),
                _ => None,
            })),
            _ => {}
        }
    }
    for source in sources {
        for entry in source {
            if !keys.seen(&entry.key, entries) {
                entries.push(entry.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Billion laughs": nine levels of nine aliases each would be 9^9 nodes.
    fn alias_bomb() -> String {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let p = i - 1;
            text += &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n");
        }
        text
    }

    #[test]
    fn an_alias_bomb_stops_at_the_node_limit() {
        let err = parse(&alias_bomb()).unwrap_err();
        assert!(err.message.contains(&format!("more than {MAX_ALIAS_NODES} nodes")), "{err:?}");
        assert!(err.pos.line > 1, "at the alias that passed it: {err:?}");
    }

    #[test]
    fn long_text_repeated_by_aliases_stops_at_the_byte_limit() {
        let long = "x".repeat(1 << 20);
        let text = format!("a: &a {long}\nb: [*a, *a, *a, *a, *a, *a]\n");
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("MiB of text"), "{err:?}");
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit_in_every_style() {
        let block_seq = "- ".repeat(4000) + "x\n";
        let block_map: String = (0..3000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        let flow = "[".repeat(200) + &"]".repeat(200);
        for text in [format!("a:\n  {block_seq}"), block_map, format!("a: {flow}\n")] {
            let err = parse(&text).unwrap_err();
            assert!(err.message.contains(&format!("deeper than {MAX_DEPTH} levels")), "{err:?}");
        }
        let just_inside = "a:\n".to_owned() + &"- ".repeat(MAX_DEPTH - 1) + "x\n";
        assert!(parse(&just_inside).is_ok());
    }

    #[test]
    fn reuse_as_configs_use_it_is_well_inside_the_limits() {
        let mut text = String::from("x-defaults: &defaults\n  timeout: 5s\n  tls: {insecure: true}\nexporters:\n");
        for i in 0..1000 {
            text += &format!("  otlp/{i}:\n    <<: *defaults\n    endpoint: e{i}:4317\n");
        }
        let tree = parse(&text).unwrap();
        let exporters = tree.value("exporters").unwrap();
        assert_eq!(exporters.entries().len(), 1000);
        assert_eq!(exporters.path(&["otlp/999", "tls", "insecure"]).unwrap().value.as_str(), Some("true"));
    }
}
