use super::OpenFailure as F;

#[test]
fn the_code_decides_before_the_status() {
    assert_eq!(F::from_answer(Some("NoSuchKey"), Some(404)), F::NotFound);
    assert_eq!(
        F::from_answer(Some("AccessDenied"), Some(403)),
        F::AccessDenied
    );
    assert_eq!(
        F::from_answer(Some("KMS.DisabledException"), Some(400)),
        F::KmsDenied
    );
    assert_eq!(
        F::from_answer(Some("InvalidObjectState"), Some(403)),
        F::Archived
    );
    assert_eq!(F::from_answer(Some("SlowDown"), Some(503)), F::Throttled);
    assert_eq!(
        F::from_answer(Some("InternalError"), Some(500)),
        F::Transient
    );
    // a code we do not know: the status still says what happened
    assert_eq!(F::from_answer(Some("Mystery"), Some(404)), F::NotFound);
    assert_eq!(F::from_answer(None, Some(503)), F::Throttled);
    assert_eq!(F::from_answer(None, Some(502)), F::Transient);
    assert_eq!(F::from_answer(None, Some(403)), F::AccessDenied);
    assert_eq!(F::from_answer(None, None), F::Other);
}

#[test]
fn only_missing_forbidden_archived_and_invalid_are_permanent() {
    for k in [
        F::NotFound,
        F::AccessDenied,
        F::KmsDenied,
        F::Archived,
        F::Invalid,
    ] {
        assert!(k.is_permanent(), "{k:?}");
    }
    for k in [F::Throttled, F::Transient, F::Other] {
        assert!(!k.is_permanent(), "{k:?}");
    }
}

#[test]
fn local_file_errors() {
    use std::io::ErrorKind as K;
    assert_eq!(F::from_io(K::NotFound), F::NotFound);
    assert_eq!(F::from_io(K::PermissionDenied), F::AccessDenied);
    assert_eq!(F::from_io(K::InvalidInput), F::Invalid);
    assert_eq!(F::from_io(K::Other), F::Other);
}
