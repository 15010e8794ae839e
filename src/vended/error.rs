//! Why a record could not be read as a vended load-balancer record; the text goes into the
//! record's failure document, as a parse failure's does.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VendedError {
    #[error("vended record: not a JSON object: {0}")]
    Json(String),
    #[error("vended record: field name `{0}` is longer than any field's")]
    Name(String),
    #[error(
        "vended record: {0} tab- or comma-separated fields match no default field list (34, 15, 10 or 22); \
         set VENDED_FIELDS to the delivery's field list"
    )]
    FieldCount(usize),
    #[error("vended record: no field of a load-balancer log (names: {0})")]
    NoKnownField(String),
    #[error("W3C record before any #Fields: line names its fields")]
    NoFields,
    #[error("vended record: not UTF-8")]
    Utf8,
}
