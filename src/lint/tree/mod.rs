//! A YAML tree with line and column on every key and value, built from yaml-rust2's parser
//! events (`build.rs`), with aliases and merge keys resolved and every key at the line where its
//! text is written.

mod build;

use std::rc::Rc;

pub use build::parse;

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
    /// An anchored node: the anchor and every alias to it hold this one copy, so an alias costs
    /// no memory whatever it stands for.
    Shared(Rc<Node>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value_pos: Pos,
    pub value: Node,
}

impl Node {
    /// The node itself, through the anchor it is shared by (if any).
    pub fn resolved(&self) -> &Node {
        let mut node = self;
        while let Node::Shared(inner) = node {
            node = inner;
        }
        node
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    pub fn value(&self, key: &str) -> Option<&Node> {
        self.get(key).map(|e| &e.value)
    }

    pub fn entries(&self) -> &[Entry] {
        match self.resolved() {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.resolved() {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[(Pos, Node)] {
        match self.resolved() {
            Node::Seq(items) => items,
            _ => &[],
        }
    }

    /// What a person calls this kind of value in a type error.
    pub fn kind_name(&self) -> &'static str {
        match self.resolved() {
            Node::Map(_) => "a mapping",
            Node::Seq(_) => "a list",
            Node::Scalar(_) => "a scalar",
            Node::Null | Node::Shared(_) => "null",
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

    /// Every key and value where its text is, in block and flow style.
    #[test]
    fn keys_and_values_are_where_their_text_is() {
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
        let mut found = Vec::new();
        flat(&parse(text).unwrap(), &mut found);
        let p = |line, column| Pos { line, column };
        let expected = [
            ("a", p(1, 1), p(2, 4)), // yaml-rust2 marks a block mapping after its first indent
            ("b", p(2, 3), p(2, 6)),
            ("c", p(3, 3), p(4, 5)),
            ("d", p(4, 7), p(4, 10)),
            ("e", p(5, 7), p(5, 10)),
            ("f", p(6, 3), p(6, 6)),
            ("g", p(7, 1), p(7, 4)),
            ("h", p(7, 5), p(7, 8)),
        ]
        .map(|(k, a, b)| (k.to_owned(), a, b));
        assert_eq!(found, expected);
    }

    #[test]
    fn anchors_resolve_with_positions_by_key() {
        let tree = parse("x: &d\n  k: 1\ny:\n  <<: *d\n  z: 2\n").unwrap();
        assert_eq!(tree.path(&["y", "k"]).unwrap().value.as_str(), Some("1"));
        assert_eq!(tree.get("y").unwrap().key_pos.line, 3);
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

    #[test]
    fn what_is_not_a_mapping_at_the_top_is_refused_and_nothing_is_an_empty_config() {
        assert!(parse("- a\n").unwrap_err().message.contains("mapping at the top"));
        assert!(parse("just text\n").is_err());
        for empty in ["", "# only a comment\n", "\n\n"] {
            assert!(parse(empty).unwrap().entries().is_empty(), "{empty:?}");
        }
        assert!(parse("a: 1\na: 2\n").unwrap_err().message.contains("duplicate key \"a\""));
        assert!(parse("? [a]\n: 1\n").unwrap_err().message.contains("keys must be plain scalars"));
    }
}
