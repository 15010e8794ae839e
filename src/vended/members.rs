//! A flat JSON object's members in order, without building a map: names borrowed from the
//! record when they hold no escape, values as their raw JSON text (so `0.000` keeps its digits).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

pub struct Members<'a>(pub Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Members<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(m.size_hint().unwrap_or(40));
                while let Some((name, value)) = m.next_entry::<Name<'de>, &'de RawValue>()? {
                    out.push((name.0, value));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Object)
    }
}

/// A member's name: borrowed unless it had to be unescaped.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Name<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Borrowed(s)))
            }

            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(Text)
    }
}

/// A JSON value as the text a legacy line would hold: a string's text (borrowed when it has no
/// escape), a number as written (an exponent written out as a decimal), `null` absent (`None`); `true`, objects and arrays as their
/// JSON text, for the field's own check to judge.
pub fn text(raw: &RawValue) -> Result<Option<Cow<'_, str>>, serde_json::Error> {
    let text = raw.get();
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Ok(Some(Cow::Borrowed(inner)));
        }
        let owned: String = serde_json::from_str(text)?;
        return Ok(Some(Cow::Owned(owned)));
    }
    if text.contains(['e', 'E'])
        && let Ok(v) = text.parse::<f64>()
    {
        // `6.1e-05`: the logs write decimals, never exponents
        return Ok(Some(Cow::Owned(format!("{v}"))));
    }
    Ok((text != "null").then_some(Cow::Borrowed(text)))
}
