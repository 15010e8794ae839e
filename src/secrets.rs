//! TLS material kept in Secrets Manager or SSM Parameter Store, read once at start-up (cold
//! start, or the CLI's start) so no private key has to sit in the function's environment.
//! Values never leave this module except as `PemText`, whose `Debug` hides them; errors name
//! the setting and the ARN and say what failed, never what the value was.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::ship::{PemSource, PemText, SecretStore, ShipConfig, StoredSecret};

#[derive(Debug, thiserror::Error)]
#[error("{origin}: {why}")]
pub struct SecretError {
    /// The setting and the ARN.
    pub origin: String,
    pub why: String,
}

/// Replaces every `PemSource::Stored` in the configuration by its fetched text. Does nothing
/// (and loads no AWS configuration) when no setting names a secret.
pub async fn fetch_all(ship: &mut ShipConfig) -> Result<(), SecretError> {
    let Some(tls) = ship.tls.as_mut() else {
        return Ok(());
    };
    let mut slots: Vec<&mut PemSource> = tls.ca.iter_mut().collect();
    if let Some((cert, key)) = tls.client_cert.as_mut() {
        slots.push(cert);
        slots.push(key);
    }
    let mut sdk: Option<SdkConfig> = None;
    for slot in slots {
        let PemSource::Stored(secret) = slot else {
            continue;
        };
        if sdk.is_none() {
            sdk = Some(aws_config::load_defaults(BehaviorVersion::latest()).await);
        }
        let text = fetch(sdk.as_ref().expect("loaded above"), secret).await?;
        *slot = PemSource::Text(PemText {
            origin: secret.origin(),
            text,
        });
    }
    Ok(())
}

/// One secret's PEM text. The client uses the ARN's region; endpoint, credentials and retries
/// come from the standard AWS configuration (`AWS_ENDPOINT_URL` included), as for S3.
async fn fetch(sdk: &SdkConfig, secret: &StoredSecret) -> Result<String, SecretError> {
    let fail = |why: String| SecretError {
        origin: secret.origin(),
        why,
    };
    let region = Region::new(secret.region.clone());
    let text = match secret.store {
        SecretStore::SecretsManager => {
            let conf = aws_sdk_secretsmanager::config::Builder::from(sdk)
                .region(region)
                .build();
            let client = aws_sdk_secretsmanager::Client::from_conf(conf);
            let out = client
                .get_secret_value()
                .secret_id(&secret.arn)
                .send()
                .await
                .map_err(|e| fail(explain(&e, "secretsmanager:GetSecretValue")))?;
            match (out.secret_string, out.secret_binary) {
                (Some(s), _) => s,
                (None, Some(b)) => String::from_utf8(b.into_inner())
                    .map_err(|_| fail("is a binary secret that is not PEM text".into()))?,
                (None, None) => return Err(fail("has no value".into())),
            }
        }
        SecretStore::Ssm => {
            let conf = aws_sdk_ssm::config::Builder::from(sdk)
                .region(region)
                .build();
            let client = aws_sdk_ssm::Client::from_conf(conf);
            let out = client
                .get_parameter()
                .name(&secret.arn)
                .with_decryption(true)
                .send()
                .await
                .map_err(|e| fail(explain(&e, "ssm:GetParameter")))?;
            out.parameter
                .and_then(|p| p.value)
                .ok_or_else(|| fail("has no value".into()))?
        }
    };
    check_pem(&text).map_err(fail)?;
    Ok(text)
}

/// A value that is not PEM is refused here, in words that quote nothing of it.
pub(crate) fn check_pem(text: &str) -> Result<(), String> {
    let t = text.trim_start();
    if t.starts_with("-----BEGIN ") {
        Ok(())
    } else if t.starts_with('{') {
        Err("holds JSON, not PEM: store the PEM text itself as the secret string".into())
    } else {
        Err("does not hold PEM text (no -----BEGIN line)".into())
    }
}

/// The AWS error in an operator's words: the service's error code decides; the message AWS
/// wrote is kept (it names ARNs and principals, never the value).
fn explain<E, R>(e: &SdkError<E, R>, action: &str) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let SdkError::ServiceError(service) = e else {
        return format!("cannot be read: {}", DisplayErrorContext(e));
    };
    let err = service.err();
    let code = err.code().unwrap_or("unknown error");
    let message = err.message().unwrap_or("");
    let why = match code {
        "ResourceNotFoundException" | "ParameterNotFound" => "not found".to_string(),
        "AccessDeniedException" if message.to_ascii_lowercase().contains("kms") => {
            "access denied by KMS: the function's role needs kms:Decrypt on the key that \
             encrypts it (template parameter TlsSecretsKmsKeyArn)"
                .to_string()
        }
        "AccessDeniedException" => {
            format!("access denied: the function's role needs {action} on exactly this ARN")
        }
        "DecryptionFailure" | "InvalidKeyId" => "cannot be decrypted: the function's role \
            needs kms:Decrypt on its KMS key (template parameter TlsSecretsKmsKeyArn)"
            .to_string(),
        other => format!("cannot be read: {other}"),
    };
    if message.is_empty() {
        why
    } else {
        format!("{why} ({code}: {message})")
    }
}

#[cfg(test)]
mod tests {
    use super::{SdkError, check_pem, explain};
    use aws_sdk_secretsmanager::error::ErrorMetadata;
    use aws_sdk_secretsmanager::operation::get_secret_value::GetSecretValueError;

    fn denied(code: &str, message: &str) -> String {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        let e = SdkError::service_error(GetSecretValueError::generic(meta), ());
        explain(&e, "secretsmanager:GetSecretValue")
    }

    #[test]
    fn access_errors_name_the_missing_permission() {
        let why = denied(
            "AccessDeniedException",
            "User: arn:aws:sts::1:assumed-role/r is not authorized",
        );
        assert!(
            why.contains("secretsmanager:GetSecretValue on exactly this ARN"),
            "{why}"
        );
        let why = denied("AccessDeniedException", "Access to KMS is not allowed");
        assert!(
            why.contains("kms:Decrypt") && why.contains("TlsSecretsKmsKeyArn"),
            "{why}"
        );
        let why = denied("DecryptionFailure", "");
        assert!(why.contains("kms:Decrypt"), "{why}");
        assert!(denied("ResourceNotFoundException", "").starts_with("not found"));
    }

    #[test]
    fn only_pem_text_is_accepted_and_nothing_of_a_bad_value_is_quoted() {
        assert!(check_pem("\n-----BEGIN CERTIFICATE-----\nMIIB\n").is_ok());
        for bad in [r#"{"key":"c2VjcmV0"}"#, "c2VjcmV0", ""] {
            let why = check_pem(bad).unwrap_err();
            assert!(!why.contains("c2VjcmV0"), "{why}");
        }
    }
}
