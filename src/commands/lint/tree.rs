//! A YAML tree with line and column on every key and value, from marked-yaml; for configs it
//! cannot load (anchors, tags) a serde_yaml_ng fallback with positions found by key search.

use marked_yaml::Node as Marked;

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

/// serde_yaml_ng resolves anchors and merge keys that marked-yaml refuses; positions are then the
/// first line where the key is written, which is right for the unique component ids lint reports.
fn fallback(text: &str) -> Result<Node, ParseError> {
    let mut value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| ParseError {
        message: format!("invalid YAML: {e}").split(" at line ").next().unwrap_or_default().to_owned(),
        pos: e.location().map(|l| Pos { line: l.line(), column: l.column() }).unwrap_or_default(),
    })?;
    let _ = value.apply_merge();
    Ok(from_value(&value, text))
}

fn from_value(value: &serde_yaml_ng::Value, text: &str) -> Node {
    use serde_yaml_ng::Value as V;
    match value {
        V::Null => Node::Null,
        V::Bool(b) => Node::Scalar(b.to_string()),
        V::Number(n) => Node::Scalar(n.to_string()),
        V::String(s) => Node::Scalar(s.clone()),
        V::Sequence(items) => Node::Seq(items.iter().map(|v| (Pos::default(), from_value(v, text))).collect()),
        V::Mapping(map) => Node::Map(
            map.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        V::String(s) => s.clone(),
                        V::Number(n) => n.to_string(),
                        V::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    let key_pos = find_key(text, &key);
                    Some(Entry { key, key_pos, value_pos: key_pos, value: from_value(v, text) })
                })
                .collect(),
        ),
        V::Tagged(t) => from_value(&t.value, text),
    }
}

fn find_key(text: &str, key: &str) -> Pos {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with(&format!("{key}:")) || trimmed.starts_with(&format!("\"{key}\":")) {
            return Pos { line: i + 1, column: line.len() - line.trim_start().len() + 1 };
        }
    }
    Pos::default()
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

    #[test]
    fn syntax_errors_point_at_the_line() {
        let err = parse("a:\n  b: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }
}
