//! No import circle between files of `src/`: a file names (by `crate::`, `super::` or a
//! child module's path, re-exports included) only files that never name it back, directly or
//! through others. Module layers (tests/architecture.rs) keep the big picture one-way; this
//! keeps every file inside a module one-way too, so each can be read after what it uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod src_files;

use src_files::{SRC, files};

/// The module path of a file: `ship/mod.rs` → `[ship]`, `ship/tcp.rs` → `[ship, tcp]`,
/// `lib.rs` → `[]`.
fn module_of(rel: &str) -> Vec<String> {
    let stem = rel.strip_suffix(".rs").unwrap();
    let mut parts: Vec<String> = stem.split('/').map(String::from).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file holding the longest prefix of `path` that is a module.
fn resolve(modules: &BTreeMap<Vec<String>, String>, path: &[String]) -> Option<String> {
    (1..=path.len())
        .rev()
        .find_map(|n| modules.get(&path[..n]).cloned())
}

/// The paths a line of code names, each as segments: `use a::{b, c::d}` gives `a::b` and
/// `a::c::d`; inline `super::x::f()` gives `super::x::f`.
fn paths_in(line: &str) -> Vec<Vec<String>> {
    let code = line.split("//").next().unwrap();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let body = code
        .trim_start()
        .trim_start_matches("pub(crate) ")
        .trim_start_matches("pub(super) ")
        .trim_start_matches("pub ");
    if let Some(rest) = body.strip_prefix("use ") {
        let rest = rest.trim_end_matches(';');
        if let Some((prefix, group)) = rest.split_once("::{") {
            for item in group.trim_end_matches('}').split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    out.push(format!("{prefix}::{item}"));
                }
            }
        } else {
            out.push(rest.to_string());
        }
    }
    for anchor in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(anchor) {
            let start = from + at;
            let before = code[..start].chars().last();
            let len = code[start..]
                .find(|c: char| !(ident(c) || c == ':'))
                .unwrap_or(code.len() - start);
            let group = code[start + len..].starts_with('{'); // read as a `use` group above
            if !before.is_some_and(|c| ident(c) || c == ':') && !group {
                out.push(code[start..start + len].to_string());
            }
            from = start + len.max(1);
        }
    }
    out.into_iter()
        .map(|p| {
            p.split(" as ")
                .next()
                .unwrap()
                .split("::")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s != "*" && s != "self")
                .collect()
        })
        .collect()
}

/// Inline paths through a child module (`shipper::Shipper::start(…)` in `ship/mod.rs`).
fn child_paths(code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for child in children {
        let needle = format!("{child}::");
        let mut from = 0;
        while let Some(at) = code[from..].find(&needle) {
            let start = from + at;
            let before = code[..start].chars().last();
            if !before.is_some_and(|c| ident(c) || c == ':') {
                out.push(vec![child.clone()]);
            }
            from = start + needle.len();
        }
    }
    out
}

/// The files each file of `src/` names, tests excluded.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let rels: Vec<String> = files()
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|r| !r.ends_with("_tests.rs") && r != "main.rs")
        .collect();
    let modules: BTreeMap<Vec<String>, String> =
        rels.iter().map(|r| (module_of(r), r.clone())).collect();
    let mut edges = BTreeMap::new();
    for rel in &rels {
        let me = module_of(rel);
        let text = std::fs::read_to_string(Path::new(SRC).join(rel)).unwrap();
        let mut children = BTreeSet::new();
        let mut named = BTreeSet::new();
        // indents of the inline `mod x {` blocks we are in: their `super` is this file
        let mut inline: Vec<String> = Vec::new();
        for line in text.lines() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break; // what follows is the file's tests
            }
            let code = line.split("//").next().unwrap();
            let indent = &line[..line.len() - line.trim_start().len()];
            let decl = ["pub(crate) ", "pub(super) ", "pub "]
                .iter()
                .fold(code.trim_start(), |c, p| c.strip_prefix(p).unwrap_or(c));
            if decl.starts_with("mod ") && decl.trim_end().ends_with('{') {
                inline.push(indent.to_string());
                continue;
            }
            if inline.last().is_some_and(|i| line == format!("{i}}}")) {
                inline.pop();
                continue;
            }
            if let Some(m) = decl.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
                children.insert(m.trim().to_string());
                continue;
            }
            for path in paths_in(code)
                .into_iter()
                .chain(child_paths(code, &children))
            {
                let Some(first) = path.first() else { continue };
                let absolute: Vec<String> = match first.as_str() {
                    "crate" => path[1..].to_vec(),
                    "super" => {
                        let ups = path.iter().take_while(|s| *s == "super").count();
                        if ups <= inline.len() {
                            continue; // a name in this same file
                        }
                        let mut base = me.clone();
                        base.truncate(base.len().saturating_sub(ups - inline.len()));
                        base.extend(path[ups..].iter().cloned());
                        base
                    }
                    child if children.contains(child) => {
                        me.iter().cloned().chain(path.iter().cloned()).collect()
                    }
                    _ => continue,
                };
                if let Some(target) = resolve(&modules, &absolute)
                    && &target != rel
                {
                    named.insert(target);
                }
            }
        }
        edges.insert(rel.clone(), named);
    }
    edges
}

/// One circle, as the files along it, if there is any.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == at) {
            let mut circle = stack[i..].to_vec();
            circle.push(at.to_string());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.to_string());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(c) = visit(next, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_circle_between_files_of_src() {
    let edges = graph();
    assert!(edges.len() > 60, "the checker found {} files", edges.len());
    let named: usize = edges.values().map(BTreeSet::len).sum();
    assert!(named > 150, "the checker found only {named} imports");
    if let Some(circle) = find_circle(&edges) {
        panic!("import circle: src/{}", circle.join(" → src/"));
    }
}

#[test]
fn the_checker_sees_super_reexports_and_groups() {
    let p = paths_in("pub use super::values::{present, Value as V};");
    assert_eq!(p[0], ["super", "values", "present"]);
    assert_eq!(p[1], ["super", "values", "Value"]);
    let p = paths_in("    let x = super::lumberjack::read_ack(f); // crate::ship");
    assert_eq!(p, [vec!["super", "lumberjack", "read_ack"]]);
    assert_eq!(module_of("ship/mod.rs"), ["ship"]);
    assert_eq!(module_of("ship/tcp.rs"), ["ship", "tcp"]);
    let mut edges = BTreeMap::new();
    edges.insert("a.rs".to_string(), BTreeSet::from(["b.rs".to_string()]));
    edges.insert("b.rs".to_string(), BTreeSet::from(["c.rs".to_string()]));
    assert_eq!(find_circle(&edges), None);
    edges.insert("c.rs".to_string(), BTreeSet::from(["a.rs".to_string()]));
    assert_eq!(
        find_circle(&edges).unwrap(),
        ["a.rs", "b.rs", "c.rs", "a.rs"]
    );
}
