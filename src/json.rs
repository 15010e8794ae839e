//! A minimal JSON writer over a reused `Vec<u8>`: no intermediate values, no allocation.
//!
//! Every member is written with a *leading* comma (`,"name":value`), so no state is kept about
//! whether a container holds an item yet. Opening a container writes only its key and remembers
//! where its first member will start; closing it turns that first member's comma into the
//! bracket, or removes the key again if nothing was written. So the encoder opens `url` or `tls`
//! unconditionally and absent fields cost nothing, and keys are one constant copy each.

mod copy;
mod string;

pub use copy::put;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub use string::special_mask;
pub use string::{is_special, quoted_string, string};

/// A member key with its leading comma and colon, built at compile time: `k!("name")` is
/// `,"name":`.
#[macro_export]
macro_rules! k {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

/// A whole member whose value is a constant string: `kv!("kind", "event")` is
/// `,"kind":"event"`. The value must need no escaping.
#[macro_export]
macro_rules! kv {
    ($name:literal, $value:literal) => {
        concat!(",\"", $name, "\":\"", $value, "\"")
    };
}

/// An open object or array: where its key starts and where its first member will.
#[must_use = "close it with JsonOut::close"]
pub struct Open {
    key_start: usize,
    body: usize,
    bracket: u8,
}

pub struct JsonOut<'a> {
    buf: &'a mut Vec<u8>,
    body: usize,
}

impl<'a> JsonOut<'a> {
    /// Starts a top-level object at the end of `buf`.
    pub fn object(buf: &'a mut Vec<u8>) -> Self {
        // one reservation per document keeps the many small writes free of reallocation
        buf.reserve(4096);
        let body = buf.len();
        JsonOut { buf, body }
    }

    /// Closes the top-level object and ends the line.
    pub fn finish(self) {
        if self.buf.len() == self.body {
            self.buf.extend_from_slice(b"{}\n");
        } else {
            self.buf[self.body] = b'{';
            self.buf.extend_from_slice(b"}\n");
        }
    }

    /// Writes a member key made with [`k!`] (or any constant JSON text starting with a comma).
    #[inline(always)]
    pub fn key(&mut self, key: &str) {
        debug_assert!(key.starts_with(','), "use k!(): {key}");
        self.buf.extend_from_slice(key.as_bytes());
    }

    /// Writes constant members made with [`kv!`].
    #[inline(always)]
    pub fn lit(&mut self, members: &'static str) {
        self.key(members);
    }

    #[inline(always)]
    fn open_with(&mut self, k: &str, bracket: u8) -> Open {
        let key_start = self.buf.len();
        self.key(k);
        Open {
            key_start,
            body: self.buf.len(),
            bracket,
        }
    }

    /// Opens an object member; it vanishes on [`JsonOut::close`] if nothing was written into it.
    #[inline(always)]
    pub fn open(&mut self, k: &str) -> Open {
        self.open_with(k, b'{')
    }

    #[inline(always)]
    pub fn open_array(&mut self, k: &str) -> Open {
        self.open_with(k, b'[')
    }

    #[inline(always)]
    pub fn close(&mut self, open: Open) {
        if self.buf.len() == open.body {
            self.buf.truncate(open.key_start);
        } else {
            // the first member's leading comma becomes the opening bracket
            self.buf[open.body] = open.bracket;
            self.buf
                .push(if open.bracket == b'{' { b'}' } else { b']' });
        }
    }

    /// A string member.
    #[inline(always)]
    pub fn str(&mut self, k: &str, v: &[u8]) {
        self.key(k);
        string(self.buf, v);
    }

    #[inline(always)]
    pub fn opt_str(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    /// A string member whose value is a constant that needs no escaping.
    #[inline(always)]
    pub fn str_const(&mut self, k: &str, v: &'static str) {
        debug_assert!(
            !v.bytes().any(string::is_special),
            "constant needs escaping: {v}"
        );
        self.key(k);
        self.buf.push(b'"');
        self.buf.extend_from_slice(v.as_bytes());
        self.buf.push(b'"');
    }

    /// A string member from a quoted log field: `\"` inside it is a quote.
    #[inline(always)]
    pub fn quoted(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.key(k);
            quoted_string(self.buf, v);
        }
    }

    /// A number member from text already validated as a JSON number.
    #[inline(always)]
    pub fn num(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.key(k);
            put(self.buf, v);
        }
    }

    /// A number member that must index as a float: text without a decimal point gets `.0`
    /// (`0` → `0.0`), so dynamic mapping never types a timing as `long`.
    #[inline(always)]
    pub fn float(&mut self, k: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            self.key(k);
            put(self.buf, v);
            if !v.contains(&b'.') {
                self.buf.extend_from_slice(b".0");
            }
        }
    }

    pub fn u64(&mut self, k: &str, v: u64) {
        self.key(k);
        put(self.buf, itoa::Buffer::new().format(v).as_bytes());
    }

    /// A member whose value is already serialised JSON.
    #[inline(always)]
    pub fn raw(&mut self, k: &str, json: &[u8]) {
        self.key(k);
        self.buf.extend_from_slice(json);
    }

    #[inline(always)]
    pub fn item_str(&mut self, v: &[u8]) {
        self.buf.push(b',');
        string(self.buf, v);
    }

    /// An array item from a quoted log field.
    #[inline(always)]
    pub fn item_quoted(&mut self, v: &[u8]) {
        self.buf.push(b',');
        quoted_string(self.buf, v);
    }

    #[inline(always)]
    pub fn item_num(&mut self, v: &[u8]) {
        self.buf.push(b',');
        put(self.buf, v);
    }

    /// Direct access for callers that write a value by hand after [`JsonOut::key`].
    pub fn buf(&mut self) -> &mut Vec<u8> {
        self.buf
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
