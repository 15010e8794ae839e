//! The rustls client configuration for Logstash's TLS input: trusted CAs (a PEM bundle, or the
//! built-in web roots) and an optional client certificate for mutual TLS.

use std::sync::Arc;

use rustls_pki_types::pem::{self, PemObject};
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

use super::options::{PemSource, TlsConfig};

/// Errors name the material by its origin (a path, or a setting and ARN) and describe what is
/// wrong in words of their own: a PEM parser's message may quote a line of the key.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("{origin}: cannot read PEM: {why}")]
    Pem { origin: String, why: String },
    #[error("{origin}: holds no certificate")]
    NoCertificate { origin: String },
    #[error("{origin}: was not fetched before the TLS set-up (a bug)")]
    NotFetched { origin: String },
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
    #[error(
        "LOGSTASH_TLS: this build has no TLS provider (built with neither the `aws` nor the \
         `ring` feature)"
    )]
    NoProvider,
}

pub fn client_config(cfg: &TlsConfig) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    match &cfg.ca {
        Some(source) => {
            let (added, _) = roots.add_parsable_certificates(certs(source)?);
            if added == 0 {
                return Err(TlsSetupError::NoCertificate {
                    origin: source.origin(),
                });
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let builder = ClientConfig::builder_with_provider(Arc::new(provider()?))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots);
    let config = match &cfg.client_cert {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => builder.with_client_auth_cert(certs(cert)?, private_key(key)?)?,
    };
    Ok(Arc::new(config))
}

/// aws-lc-rs in the full build, ring in the local one (see Cargo.toml's features): named
/// here, not left to rustls's process default, which refuses to choose when both are built.
fn provider() -> Result<rustls::crypto::CryptoProvider, TlsSetupError> {
    #[cfg(feature = "aws")]
    return Ok(rustls::crypto::aws_lc_rs::default_provider());
    #[cfg(all(not(feature = "aws"), feature = "ring"))]
    return Ok(rustls::crypto::ring::default_provider());
    #[cfg(not(any(feature = "aws", feature = "ring")))]
    return Err(TlsSetupError::NoProvider);
}

fn certs(source: &PemSource) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let origin = || source.origin();
    let pem_err = |e: pem::Error| TlsSetupError::Pem {
        origin: origin(),
        why: describe(&e),
    };
    let certs = match source {
        PemSource::File(path) => CertificateDer::pem_file_iter(path)
            .map_err(pem_err)?
            .collect::<Result<Vec<_>, _>>(),
        PemSource::Text(t) => CertificateDer::pem_slice_iter(t.text.as_bytes()).collect(),
        PemSource::Stored(_) => return Err(TlsSetupError::NotFetched { origin: origin() }),
    }
    .map_err(pem_err)?;
    if certs.is_empty() {
        return Err(TlsSetupError::NoCertificate { origin: origin() });
    }
    Ok(certs)
}

fn private_key(source: &PemSource) -> Result<PrivateKeyDer<'static>, TlsSetupError> {
    let pem_err = |e: pem::Error| TlsSetupError::Pem {
        origin: source.origin(),
        why: match e {
            pem::Error::NoItemsFound => "holds no private key".to_string(),
            e => describe(&e),
        },
    };
    match source {
        PemSource::File(path) => PrivateKeyDer::from_pem_file(path).map_err(pem_err),
        PemSource::Text(t) => PrivateKeyDer::from_pem_slice(t.text.as_bytes()).map_err(pem_err),
        PemSource::Stored(_) => Err(TlsSetupError::NotFetched {
            origin: source.origin(),
        }),
    }
}

/// What is wrong, without quoting the input.
fn describe(e: &pem::Error) -> String {
    match e {
        pem::Error::MissingSectionEnd { .. } => "a PEM section has no END line".into(),
        pem::Error::IllegalSectionStart { .. } => "a BEGIN line is malformed".into(),
        pem::Error::Base64Decode(_) => "a PEM section is not valid base64".into(),
        pem::Error::Io(e) => e.to_string(),
        pem::Error::NoItemsFound => "not PEM (no -----BEGIN section)".into(),
        pem::Error::SectionTooLarge => "a PEM section is larger than 256 MB".into(),
        _ => "not valid PEM".into(),
    }
}
