//! A value written inside a legacy quoted field, shared by the general rebuild and the plans
//! (a leaf, so neither imports the other).

/// A value inside a legacy quoted field: a `"` not already escaped gets its backslash.
pub fn quoted(v: &[u8], out: &mut Vec<u8>) {
    if crate::scan::find(v, b'"').is_none() {
        // most values hold no quote: copied whole
        out.extend_from_slice(v);
        return;
    }
    let mut escaped = false;
    for &c in v {
        if c == b'"' && !escaped {
            out.push(b'\\');
        }
        escaped = c == b'\\' && !escaped;
        out.push(c);
    }
}
