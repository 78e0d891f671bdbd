//! How much lint reads, so that hostile YAML ends in one `error[yaml]` naming the limit instead of
//! exhausting the stack or memory. The bounds are the ones YAML libraries keep: libyaml and
//! serde_yaml stop at 128 levels of nesting, and serde_yaml and go-yaml cap what aliases may
//! expand to. Every figure is far beyond what a collector config needs (they are kilobytes, a few
//! levels deep, with an anchor reused a handful of times).

/// The largest file lint reads, in bytes.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// The deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 128;

/// The nodes aliases may stand for in one document, counted per use: an alias to a mapping of
/// three scalars counts seven nodes (the mapping, three keys, three values) each time it is used.
/// A "billion laughs" file passes it within a few levels of its expansion.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// The text (keys and scalars, in bytes) aliases may repeat in one document, counted per use: a
/// long anchored string repeated many times passes this before it passes the node count.
pub const MAX_ALIAS_BYTES: usize = 4 << 20;
