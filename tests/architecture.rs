//! The house rules of docs/ARCHITECTURE.md that a machine can check: data flows one way (a module
//! names only modules of a lower rank), no file in `src/` grows past 400 lines, and no function
//! past 60.

mod src_files;

use src_files::files;

/// docs/ARCHITECTURE.md, "What may import what". `k` and `kv` are `json`'s macros.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "malloc" | "buffers" | "last_errors" | "json" | "scan" | "k" | "kv" => 0,
        "trigger" => 1,
        "source" | "vended" => 2,
        "parse" => 3,
        "document" | "filter" => 4,
        "ship" => 5,
        "summary" => 6,
        "pipeline" | "config" | "secrets" => 7,
        "cli" | "lambda" => 8,
        _ => return None,
    })
}

/// The top-level module a file belongs to: `ship/pool.rs` → `ship`, `summary_tests.rs` → `summary`.
fn owner(rel: &str) -> String {
    let first = rel.split('/').next().unwrap();
    let stem = first.strip_suffix(".rs").unwrap_or(first);
    stem.strip_suffix("_tests").unwrap_or(stem).to_string()
}

/// Every `crate::NAME` in code (not in comments), including `use crate::{a, b}` groups.
fn crate_refs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for name in group[..end].split(',') {
                    let name = name.trim().split("::").next().unwrap().trim();
                    if !name.is_empty() {
                        out.push((n + 1, name.to_string()));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((n + 1, name));
            }
        }
    }
    out
}

#[test]
fn modules_import_only_modules_upstream_of_them() {
    let mut violations = Vec::new();
    for (rel, path) in files() {
        let me = owner(&rel);
        if me == "main" || me == "lib" {
            continue;
        }
        let my_rank = rank(&me).unwrap_or_else(|| {
            panic!("src/{rel}: module `{me}` has no rank in docs/ARCHITECTURE.md")
        });
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, target) in crate_refs(&text) {
            if target == me {
                continue;
            }
            match rank(&target) {
                Some(r) if r < my_rank => {}
                _ => violations.push(format!("src/{rel}:{line}: `{me}` uses `crate::{target}`")),
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports against the flow:\n{}",
        violations.join("\n")
    );
}

#[test]
fn no_file_in_src_is_over_400_lines() {
    let long: Vec<String> = files()
        .into_iter()
        .filter_map(|(rel, path)| {
            let n = std::fs::read_to_string(path).unwrap().lines().count();
            (n > 400).then(|| format!("src/{rel}: {n} lines"))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_inline_paths() {
    let refs =
        crate_refs("use crate::{k, kv};\nlet x = crate::parse::fields::uint(t); // crate::ship\n");
    let names: Vec<&str> = refs.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["k", "kv", "parse"]);
    assert_eq!(owner("ship/pool.rs"), "ship");
    assert_eq!(owner("summary_tests.rs"), "summary");
}

/// Functions in `src/` (tests aside) and their length in lines, from a `fn` line to the `}` at
/// its indentation (rustfmt's layout).
fn function_lengths() -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (rel, path) in files() {
        if rel.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let mut open: Option<(String, String, usize)> = None;
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            if open.is_none() {
                let bare = [
                    "pub(crate) ",
                    "pub(super) ",
                    "pub ",
                    "const ",
                    "async ",
                    "unsafe ",
                ]
                .iter()
                .fold(code, |c, p| c.strip_prefix(p).unwrap_or(c));
                if let Some(sig) = bare.strip_prefix("fn ")
                    && !line.trim_end().ends_with(';')
                {
                    let name = sig.split(['(', '<']).next().unwrap().to_string();
                    open = Some((format!("src/{rel}:{}: fn {name}", n + 1), indent.into(), n));
                }
            } else if let Some((name, ind, start)) = &open
                && line == format!("{ind}}}")
            {
                out.push((name.clone(), n - start + 1));
                open = None;
            }
        }
    }
    out
}

#[test]
fn no_function_in_src_is_over_60_lines() {
    let lengths = function_lengths();
    assert!(
        lengths.len() > 200,
        "the counter found {} functions",
        lengths.len()
    );
    let long: Vec<String> = lengths
        .iter()
        .filter(|(_, n)| *n > 60)
        .map(|(name, n)| format!("{name} ({n} lines)"))
        .collect();
    assert!(
        long.is_empty(),
        "functions over 60 lines:\n{}",
        long.join("\n")
    );
}
