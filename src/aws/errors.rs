//! SDK errors → [`ApiError`]: the service's code and message (the SDK's own
//! `Display` says only "service error"), or what went wrong on the way.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;

use crate::api::{ApiError, ErrorKind};

pub fn from_sdk<E>(err: SdkError<E, HttpResponse>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::TimeoutError(_) => ApiError {
            kind: ErrorKind::Timeout,
            code: None,
            message: "no answer before the timeout".into(),
            hint: Some("the endpoint accepted the request but did not answer; check --endpoint-url and your network, then retry".into()),
        },
        // Missing credentials surface as a dispatch failure too: name them.
        SdkError::DispatchFailure(_) if chain(&err).to_lowercase().contains("credential") => {
            setup(&err)
        }
        SdkError::DispatchFailure(failure) => match failure.as_connector_error() {
            Some(connector) => from_connector(connector, &err),
            None => setup(&err),
        },
        SdkError::ResponseError(response) => unreadable(response.raw()),
        SdkError::ServiceError(service) => {
            let inner = service.err();
            match inner.code() {
                Some(code) => ApiError::service(code, inner.message().unwrap_or("(no message)")),
                None => unreadable(service.raw()),
            }
        }
        SdkError::ConstructionFailure(_) => setup(&err),
        _ => setup(&err),
    }
}

fn from_connector<E>(connector: &ConnectorError, err: &SdkError<E, HttpResponse>) -> ApiError
where
    E: std::error::Error + Send + Sync + 'static,
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
        message: chain(err),
        hint: Some(hint.into()),
    }
}

fn setup<E>(err: &SdkError<E, HttpResponse>) -> ApiError
where
    E: std::error::Error + Send + Sync + 'static,
{
    let message = chain(err);
    let hint = if message.to_lowercase().contains("credential") {
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

/// The error and its sources, in words: `DisplayErrorContext` would append the
/// whole error's `Debug` form (raw response bytes and all).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let next = inner.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = inner.source();
    }
    text
}

/// An answer with no Cognito error in it: a gateway's error page, or an
/// endpoint that is not Cognito. The status says which is likelier; the SDK's
/// parse error would only add noise.
fn unreadable(response: &HttpResponse) -> ApiError {
    let hint = if response.status().is_server_error() {
        "the endpoint or a proxy in front of it failed; retry, and if it keeps failing check --endpoint-url"
    } else {
        "this is not a Cognito answer: is --endpoint-url a Cognito endpoint?"
    };
    ApiError {
        kind: ErrorKind::BadResponse,
        code: None,
        message: format!(
            "an answer with no Cognito error in it ({})",
            answer(response)
        ),
        hint: Some(hint.into()),
    }
}

/// What came back: the HTTP status and the start of the body, on one line.
fn answer(response: &HttpResponse) -> String {
    let body = response
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut snippet: String = body.chars().take(200).collect();
    if snippet.len() < body.len() {
        snippet.push('…');
    }
    if snippet.is_empty() {
        format!("HTTP {}, empty body", response.status().as_u16())
    } else {
        format!("HTTP {}: {snippet}", response.status().as_u16())
    }
}
