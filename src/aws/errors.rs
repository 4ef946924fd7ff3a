//! SDK errors → [`ApiError`]: the service's code and message (the SDK's own
//! `Display` says only "service error"), or what went wrong on the way.

use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::result::ConnectorError;

use crate::api::{ApiError, ErrorKind};

pub fn from_sdk<E, R>(err: SdkError<E, R>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match &err {
        SdkError::TimeoutError(_) => ApiError {
            kind: ErrorKind::Timeout,
            code: None,
            message: "no answer before the timeout".into(),
            hint: Some("the endpoint accepted the request but did not answer; check --endpoint-url and your network, then retry".into()),
        },
        SdkError::DispatchFailure(failure) => match failure.as_connector_error() {
            Some(connector) => from_connector(connector, &err),
            None => setup(&err),
        },
        SdkError::ResponseError(_) => ApiError {
            kind: ErrorKind::BadResponse,
            code: None,
            message: format!("the response could not be read: {}", DisplayErrorContext(&err)),
            hint: Some("is --endpoint-url a Cognito endpoint?".into()),
        },
        SdkError::ServiceError(service) => {
            let inner = service.err();
            match inner.code() {
                Some(code) => ApiError::service(code, inner.message().unwrap_or("(no message)")),
                None => ApiError {
                    kind: ErrorKind::BadResponse,
                    code: None,
                    message: format!("the service failed without an error code: {}", DisplayErrorContext(&err)),
                    hint: Some("the endpoint answered with something other than a Cognito error; retry, and check --endpoint-url".into()),
                },
            }
        }
        SdkError::ConstructionFailure(_) => setup(&err),
        _ => setup(&err),
    }
}

fn from_connector<E, R>(connector: &ConnectorError, err: &SdkError<E, R>) -> ApiError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let (kind, hint) = if connector.is_timeout() {
        (
            ErrorKind::Timeout,
            "could not connect in time; check --endpoint-url and your network, then retry",
        )
    } else if connector.is_io() {
        (ErrorKind::Network, "could not reach the endpoint; check --endpoint-url, --region and your network, then retry")
    } else {
        (ErrorKind::Network, "the connection failed; retry")
    };
    ApiError {
        kind,
        code: None,
        message: DisplayErrorContext(err).to_string(),
        hint: Some(hint.into()),
    }
}

fn setup<E, R>(err: &SdkError<E, R>) -> ApiError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let message = DisplayErrorContext(err).to_string();
    let hint = if message.contains("credentials") {
        "no usable AWS credentials: set AWS_PROFILE or pass --profile, or run aws configure / aws sso login"
    } else if message.contains("region") {
        "no region: pass --region or set AWS_REGION"
    } else {
        "the request could not be prepared"
    };
    ApiError {
        kind: ErrorKind::Setup,
        code: None,
        message,
        hint: Some(hint.into()),
    }
}
