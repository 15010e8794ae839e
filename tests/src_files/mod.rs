//! The Rust files of `src/`, for the tests that check the house rules on them.

use std::path::{Path, PathBuf};

pub const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

pub fn files() -> Vec<(String, PathBuf)> {
    let mut paths = Vec::new();
    rust_files(Path::new(SRC), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(SRC).unwrap().to_string_lossy().into_owned();
            (rel, p)
        })
        .collect()
}
