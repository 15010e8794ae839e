//! Include, exclude and sample rules over a parsed line's fields (docs/SCHEMA.md names),
//! decided before encoding so a dropped line costs its parse and nothing more. Pure: no I/O,
//! and nothing allocated per line. A line that did not parse never reaches a rule: it is
//! always shipped, because it may be the one that matters.

mod field;
mod pattern;
mod rule;

pub use field::{Field, Kind};
pub use pattern::Pattern;
pub use rule::{Rule, RuleError, Sample};

use crate::parse::LogLine;

/// What happens to a parsed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Keep,
    /// No include rule matched, or an exclude rule did.
    Filtered,
    /// Kept by the rules, then not chosen by a sampling rule.
    SampledOut,
}

/// The rules of a run; empty keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    include: Vec<Rule>,
    exclude: Vec<Rule>,
    sample: Vec<Sample>,
}

impl Filter {
    pub fn new<S: AsRef<str>>(
        include: &[S],
        exclude: &[S],
        sample: &[S],
    ) -> Result<Filter, RuleError> {
        let rules = |list: &[S]| -> Result<Vec<Rule>, RuleError> {
            list.iter()
                .map(|r| r.as_ref().trim())
                .filter(|r| !r.is_empty())
                .map(Rule::parse)
                .collect()
        };
        Ok(Filter {
            include: rules(include)?,
            exclude: rules(exclude)?,
            sample: sample
                .iter()
                .map(|r| r.as_ref().trim())
                .filter(|r| !r.is_empty())
                .map(Sample::parse)
                .collect::<Result<_, _>>()?,
        })
    }

    /// Both sets of rules (each list parsed on its own, so an error names its setting).
    pub fn and(mut self, other: Filter) -> Filter {
        self.include.extend(other.include);
        self.exclude.extend(other.exclude);
        self.sample.extend(other.sample);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty() && self.sample.is_empty()
    }

    /// `key` identifies the line (its event.id, hashed); the first sampling rule that matches
    /// decides.
    #[inline]
    pub fn decide(&self, line: &LogLine, key: u64) -> Decision {
        if !self.include.is_empty() && !self.include.iter().any(|r| r.matches(line)) {
            return Decision::Filtered;
        }
        if self.exclude.iter().any(|r| r.matches(line)) {
            return Decision::Filtered;
        }
        match self.sample.iter().find(|s| s.rule.matches(line)) {
            Some(s) if !s.keeps(key) => Decision::SampledOut,
            _ => Decision::Keep,
        }
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
