//! A subscription payload read in one pass, its messages unescaped straight into the events'
//! text (`json_string`): `serde_json` reading the same payload into a `String` per message was
//! more than half of a JSON record's cost (`benches/vended.rs`, subscription). It reads JSON
//! strictly — members in any order, any whitespace, unknown members skipped but checked — and
//! answers `None` for anything it does not take exactly as `serde_json` would (a duplicate
//! member, a number it would read otherwise, nesting deeper than its limit, a syntax error):
//! `logs::decode` then reads the payload with `serde_json`, which decides and words the error.
//! `payload_scan_tests.rs` compares the two on arbitrary payloads and on broken ones.

use super::events::Events;
use super::json_string::read_string;

/// What a payload says besides its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub message_type: String,
    pub owner: Option<String>,
    pub log_group: Option<String>,
    pub log_stream: Option<String>,
}

/// Values nested deeper are left to `serde_json`, whose own limit (128) is above this one.
const DEPTH: usize = 100;

/// The payload in `b`, or `None` for anything `serde_json` is to read.
pub fn scan(b: &[u8]) -> Option<(Head, Events)> {
    let mut s = Scan { b, i: 0 };
    let mut head: [Option<Option<String>>; 4] = Default::default();
    let mut events = None;
    let mut key = Vec::new();
    s.object(&mut key, |s, key| {
        let slot = match key {
            b"messageType" => 0,
            b"owner" => 1,
            b"logGroup" => 2,
            b"logStream" => 3,
            b"logEvents" if events.is_none() => {
                events = Some(s.events()?);
                return Some(());
            }
            b"logEvents" => return None,
            _ => return s.skip(0),
        };
        match head[slot] {
            Some(_) => None,
            None => {
                head[slot] = Some(s.text_or_null()?);
                Some(())
            }
        }
    })?;
    (s.ws() == b.len()).then_some(())?;
    let [message_type, owner, log_group, log_stream] = head;
    let head = Head {
        message_type: message_type??,
        owner: owner.flatten(),
        log_group: log_group.flatten(),
        log_stream: log_stream.flatten(),
    };
    Some((head, events.unwrap_or_default()))
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    /// Skips whitespace; where it stops.
    #[inline(always)]
    fn ws(&mut self) -> usize {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
        self.i
    }

    /// The next byte after whitespace, consumed when it is `c`.
    #[inline(always)]
    fn eat(&mut self, c: u8) -> bool {
        let at = self.ws();
        let hit = self.b.get(at) == Some(&c);
        self.i += usize::from(hit);
        hit
    }

    /// A string, appended to `out` unescaped.
    #[inline(always)]
    fn string(&mut self, out: &mut Vec<u8>) -> Option<()> {
        self.eat(b'"').then_some(())?;
        self.i += read_string(&self.b[self.i..], out)?;
        Some(())
    }

    /// An object: `member` is handed each key (unescaped) and reads its value.
    fn object(
        &mut self,
        key: &mut Vec<u8>,
        mut member: impl FnMut(&mut Self, &[u8]) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{').then_some(())?;
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            key.clear();
            self.string(key)?;
            self.eat(b':').then_some(())?;
            member(self, key)?;
            if !self.eat(b',') {
                return self.eat(b'}').then_some(());
            }
        }
    }

    /// An array: `item` reads each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[').then_some(())?;
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.eat(b',') {
                return self.eat(b']').then_some(());
            }
        }
    }

    /// A string, or `null` (`None`).
    fn text_or_null(&mut self) -> Option<Option<String>> {
        if self.literal(b"null") {
            return Some(None);
        }
        let mut out = Vec::new();
        self.string(&mut out)?;
        // `read_string` let through valid UTF-8 only
        String::from_utf8(out).ok().map(Some)
    }

    /// `word` (after whitespace), consumed when it is there.
    fn literal(&mut self, word: &[u8]) -> bool {
        let at = self.ws();
        let hit = self.b[at..].starts_with(word);
        self.i += if hit { word.len() } else { 0 };
        hit
    }

    /// A number as written: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<&[u8]> {
        let start = self.ws();
        let b = self.b;
        let digits =
            |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let int = start + usize::from(b.get(start) == Some(&b'-'));
        let mut end = digits(int);
        if end == int || (b[int] == b'0' && end > int + 1) {
            return None;
        }
        if b.get(end) == Some(&b'.') {
            let frac = digits(end + 1);
            (frac > end + 1).then_some(())?;
            end = frac;
        }
        if matches!(b.get(end), Some(b'e' | b'E')) {
            let sign = end + 1 + usize::from(matches!(b.get(end + 1), Some(b'+' | b'-')));
            let exp = digits(sign);
            (exp > sign).then_some(())?;
            end = exp;
        }
        self.i = end;
        Some(&b[start..end])
    }

    /// Any value, checked and passed over.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth >= DEPTH {
            return None;
        }
        match self.b.get(self.ws())? {
            b'"' => self.string(&mut Vec::new()),
            b'{' => self.object(&mut Vec::new(), |s, _| s.skip(depth + 1)),
            b'[' => self.array(|s| s.skip(depth + 1)),
            b't' => self.literal(b"true").then_some(()),
            b'f' => self.literal(b"false").then_some(()),
            b'n' => self.literal(b"null").then_some(()),
            _ => self.number().map(drop),
        }
    }

    /// `logEvents`: each event's message unescaped into the events' text as it is read.
    fn events(&mut self) -> Option<Events> {
        // the messages unescaped are never longer than the payload (and a step stores 16 bytes)
        let mut events = Events::with_capacity(self.b.len() + 16);
        let mut key = Vec::new();
        self.array(|s| {
            let (mut id, mut time, mut message) = (None, None, None);
            s.object(&mut key, |s, key| match key {
                b"id" if id.is_none() => s.id().map(|v| id = Some(v)),
                b"timestamp" if time.is_none() => s.integer().map(|v| time = Some(v)),
                b"message" if message.is_none() => {
                    let start = events.text().len();
                    s.string(events.text())?;
                    message = Some(start..events.text().len());
                    Some(())
                }
                b"id" | b"timestamp" | b"message" => None,
                _ => s.skip(1),
            })?;
            events.push_written(id?, time?, message?);
            Some(())
        })?;
        Some(events)
    }

    /// An event id: a string, or a whole number that fits 64 bits, as its digits.
    fn id(&mut self) -> Option<String> {
        if self.b.get(self.ws()) == Some(&b'"') {
            return self.text_or_null()?;
        }
        let digits = self.number()?;
        let n: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        Some(n.to_string())
    }

    /// A whole number that fits an `i64` (not `-0`, which `serde_json` reads as a float).
    fn integer(&mut self) -> Option<i64> {
        let digits = self.number()?;
        (!digits.starts_with(b"-0")).then_some(())?;
        std::str::from_utf8(digits).ok()?.parse().ok()
    }
}

#[cfg(test)]
#[path = "payload_scan_tests.rs"]
mod tests;
