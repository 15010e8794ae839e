//! `FIELD=PATTERN` and `FIELD=PATTERN:RATE`, parsed and checked once at start-up.

use super::field::{Field, Kind};
use super::pattern::Pattern;
use crate::parse::LogLine;

/// A rule that cannot work; the message quotes the rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    #[error("rule `{rule}` is not FIELD=PATTERN")]
    Shape { rule: String },
    #[error("rule `{rule}`: no log format has a field `{field}` (fields: {known})")]
    UnknownField {
        rule: String,
        field: String,
        known: String,
    },
    #[error("rule `{rule}`: {why}")]
    Pattern { rule: String, why: String },
    #[error("rule `{rule}`: the rate must be a number in (0, 1], e.g. 0.05")]
    Rate { rule: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub field: Field,
    pub pattern: Pattern,
}

impl Rule {
    pub fn parse(rule: &str) -> Result<Rule, RuleError> {
        let (field, pattern) = rule.split_once('=').ok_or_else(|| RuleError::Shape {
            rule: rule.to_string(),
        })?;
        let field = field.trim();
        let f = Field::by_name(field).ok_or_else(|| RuleError::UnknownField {
            rule: rule.to_string(),
            field: field.to_string(),
            known: Field::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let pattern = Pattern::parse(pattern, f.kind() == Kind::Number).map_err(|why| {
            RuleError::Pattern {
                rule: rule.to_string(),
                why,
            }
        })?;
        Ok(Rule { field: f, pattern })
    }

    /// An absent field matches only the pattern `-` (AWS's "not logged").
    #[inline]
    pub fn matches(&self, line: &LogLine) -> bool {
        match self.field.value(line) {
            None => matches!(&self.pattern, Pattern::Exact(p) if p == b"-"),
            Some(v) => {
                let number = match (&self.pattern, self.field.kind()) {
                    (Pattern::Range { .. }, Kind::Number) => number(v),
                    _ => None,
                };
                self.pattern.matches(v, number)
            }
        }
    }
}

/// A sampling rule: of the kept lines it matches, `rate` are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub rule: Rule,
    /// Keep a line when its key is below this (`u64::MAX` keeps all).
    threshold: u64,
}

impl Sample {
    pub fn parse(rule: &str) -> Result<Sample, RuleError> {
        let (head, rate) = rule.rsplit_once(':').ok_or_else(|| RuleError::Rate {
            rule: rule.to_string(),
        })?;
        let rate: f64 = rate.trim().parse().map_err(|_| RuleError::Rate {
            rule: rule.to_string(),
        })?;
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(RuleError::Rate {
                rule: rule.to_string(),
            });
        }
        let parsed = Rule::parse(head).map_err(|e| requote(e, rule))?;
        let threshold = if rate >= 1.0 {
            u64::MAX
        } else {
            (rate * u64::MAX as f64) as u64
        };
        Ok(Sample {
            rule: parsed,
            threshold,
        })
    }

    /// `key` is the line's event.id, hashed: the same line is kept or dropped on every run.
    #[inline]
    pub fn keeps(&self, key: u64) -> bool {
        self.threshold == u64::MAX || mix(key) < self.threshold
    }
}

/// The error names the whole rule as the user wrote it, rate included.
fn requote(e: RuleError, rule: &str) -> RuleError {
    let rule = rule.to_string();
    match e {
        RuleError::Shape { .. } => RuleError::Shape { rule },
        RuleError::UnknownField { field, known, .. } => {
            RuleError::UnknownField { rule, field, known }
        }
        RuleError::Pattern { why, .. } => RuleError::Pattern { rule, why },
        RuleError::Rate { .. } => RuleError::Rate { rule },
    }
}

/// A validated number field's text as a number (`-1`, `200`, `0.000073`).
#[inline]
fn number(v: &[u8]) -> Option<f64> {
    std::str::from_utf8(v).ok()?.parse().ok()
}

/// SplitMix64's finaliser: every input bit moves every output bit, so neighbouring offsets
/// sample independently.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
