//! A Parquet object's rows (as Arrow record batches) → the legacy line of each row. Columns are
//! matched by normalised name, as JSON keys are; a cell of any type AWS might choose for a
//! field (string, integer, floating point, boolean, timestamp) becomes the text the legacy line
//! holds, and the line is rebuilt exactly as for a JSON record.

use std::borrow::Cow;
use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};

use super::error::VendedError;
use super::index::{Id, index};
use super::kinds::{Key, Kind};
use super::rebuild::legacy_line;
use super::record::{Field, Record};
use super::time_text::{epoch_text, timestamp_text};

/// The fields whose numbers are instants, not durations: an integer there is an epoch time.
const INSTANTS: [&str; 3] = ["time", "requestcreationtime", "tlsconnectioncreationtime"];

/// How a schema's columns map to fields, worked out once per object.
#[derive(Debug)]
pub struct Columns {
    cols: Vec<Col>,
    kind: Kind,
}

#[derive(Debug)]
struct Col {
    at: usize,
    id: Option<Id>,
    name: String,
    instant: bool,
}

impl Columns {
    /// The columns of `schema` by name; an error when none names a load-balancer field.
    pub fn new(schema: &Schema) -> Result<Columns, VendedError> {
        let index = index();
        let instants: Vec<Option<Id>> = INSTANTS.iter().map(|n| index.id(n.as_bytes())).collect();
        let cols: Vec<Col> = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| readable(f.data_type()))
            .map(|(at, f)| {
                let key = Key::new(f.name().as_bytes());
                let id = key.and_then(|k| index.id(k.as_bytes()));
                Col {
                    at,
                    id,
                    name: f.name().clone(),
                    instant: id.is_some() && instants.contains(&id),
                }
            })
            .collect();
        let probe = Record {
            fields: cols.iter().map(|c| c.field(None)).collect(),
        };
        let kind = probe.kind().ok_or_else(|| {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            VendedError::NoKnownField(names.join(", "))
        })?;
        Ok(Columns { cols, kind })
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Row `row` of `batch` (whose schema this was built from) as its legacy line in `out`.
    /// `text` holds the cells that are not strings already (numbers, times) while it is built.
    pub fn line(&self, batch: &RecordBatch, row: usize, text: &mut String, out: &mut Vec<u8>) {
        text.clear();
        let mut spans = Vec::with_capacity(self.cols.len());
        for c in &self.cols {
            spans.push(cell(batch.column(c.at).as_ref(), row, c.instant, text));
        }
        let fields = self
            .cols
            .iter()
            .zip(spans)
            .map(|(c, span)| {
                let value = match span {
                    Cell::Absent => None,
                    Cell::Text(range) => Some(Cow::Borrowed(&text[range])),
                    Cell::String => string(batch.column(c.at).as_ref(), row).map(Cow::Borrowed),
                };
                c.field(value.filter(|v| !v.is_empty() && v != "-"))
            })
            .collect();
        legacy_line(self.kind, &Record { fields }, out);
    }
}

impl Col {
    fn field<'a>(&'a self, value: Option<Cow<'a, str>>) -> Field<'a> {
        Field {
            id: self.id,
            name: Cow::Borrowed(&self.name),
            value,
        }
    }
}

/// Where a cell's text is: nowhere (null), in the string column itself, or in `text`.
enum Cell {
    Absent,
    String,
    Text(std::ops::Range<usize>),
}

/// Whether a column's type is one a field may have; others (lists, structs, …) are left out.
fn readable(t: &DataType) -> bool {
    use DataType::*;
    matches!(
        t,
        Utf8 | LargeUtf8
            | Utf8View
            | Boolean
            | Int8
            | Int16
            | Int32
            | Int64
            | UInt8
            | UInt16
            | UInt32
            | UInt64
            | Float32
            | Float64
            | Timestamp(_, _)
    )
}

fn string(a: &dyn Array, row: usize) -> Option<&str> {
    match a.data_type() {
        DataType::Utf8 => Some(a.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Some(a.as_string::<i64>().value(row)),
        DataType::Utf8View => Some(a.as_string_view().value(row)),
        _ => None,
    }
}

fn cell(a: &dyn Array, row: usize, instant: bool, text: &mut String) -> Cell {
    use DataType::*;
    if a.is_null(row) {
        return Cell::Absent;
    }
    let start = text.len();
    match a.data_type() {
        Utf8 | LargeUtf8 | Utf8View => return Cell::String,
        Boolean => text.push_str(if a.as_boolean().value(row) {
            "true"
        } else {
            "false"
        }),
        Int8 => int::<Int8Type>(a, row, instant, text),
        Int16 => int::<Int16Type>(a, row, instant, text),
        Int32 => int::<Int32Type>(a, row, instant, text),
        Int64 => int::<Int64Type>(a, row, instant, text),
        UInt8 => int::<UInt8Type>(a, row, instant, text),
        UInt16 => int::<UInt16Type>(a, row, instant, text),
        UInt32 => int::<UInt32Type>(a, row, instant, text),
        UInt64 => int::<UInt64Type>(a, row, instant, text),
        Float32 => float(f64::from(a.as_primitive::<Float32Type>().value(row)), text),
        Float64 => float(a.as_primitive::<Float64Type>().value(row), text),
        Timestamp(unit, _) => {
            let (v, digits) = match unit {
                TimeUnit::Second => (a.as_primitive::<TimestampSecondType>().value(row), 0),
                TimeUnit::Millisecond => {
                    (a.as_primitive::<TimestampMillisecondType>().value(row), 3)
                }
                TimeUnit::Microsecond => {
                    (a.as_primitive::<TimestampMicrosecondType>().value(row), 6)
                }
                TimeUnit::Nanosecond => (a.as_primitive::<TimestampNanosecondType>().value(row), 9),
            };
            timestamp_text(v, digits, text);
        }
        _ => return Cell::Absent,
    }
    Cell::Text(start..text.len())
}

fn int<T: ArrowPrimitiveType>(a: &dyn Array, row: usize, instant: bool, text: &mut String)
where
    T::Native: Into<i128>,
{
    let v: i128 = a.as_primitive::<T>().value(row).into();
    match instant {
        true => epoch_text(v, text),
        false => {
            let _ = write!(text, "{v}");
        }
    }
}

/// A float as the shortest text that reads back as it, always with a decimal point (`0.001`,
/// `-1.0`, `2.0`): a float column says the field is not an integer (NLB's `version` is `2.0`).
fn float(v: f64, text: &mut String) {
    let start = text.len();
    let _ = write!(text, "{v}");
    if v.is_finite() && !text[start..].contains('.') {
        text.push_str(".0");
    }
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
