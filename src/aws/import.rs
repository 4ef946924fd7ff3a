//! The user import job's calls through the SDK, and the import file's PUT to
//! its pre-signed URL through the SDK's own HTTP client (hyper and rustls, the
//! same stack every SDK call uses).

use std::path::PathBuf;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_runtime_api::client::http::HttpConnector;
use aws_smithy_types::byte_stream::ByteStream;

use super::errors;
use crate::api::{ApiError, ApiResult, ErrorKind, ImportJob, ImportJobRequest};

/// The header every upload to an import job's URL carries: the URL is signed
/// with it, and the bucket refuses an upload without it.
pub const ENCRYPTION_HEADER: (&str, &str) = ("x-amz-server-side-encryption", "aws:kms");

/// No upload runs past this (the URL itself is valid for 15 minutes).
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// The most pages ListUserImportJobs is read for (60 jobs a page).
const MAX_JOB_PAGES: usize = 50;

pub fn job(job: Option<&cip::types::UserImportJobType>, call: &str) -> ApiResult<ImportJob> {
    let job = job.ok_or_else(|| {
        ApiError::new(
            ErrorKind::BadResponse,
            format!("{call} answered without a UserImportJob"),
        )
    })?;
    Ok(ImportJob {
        job_id: job.job_id().unwrap_or_default().to_owned(),
        job_name: job.job_name().unwrap_or_default().to_owned(),
        status: job
            .status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        pre_signed_url: job.pre_signed_url().map(str::to_owned),
        imported: job.imported_users(),
        skipped: job.skipped_users(),
        failed: job.failed_users(),
        completion_message: job.completion_message().map(str::to_owned),
        creation_date: job.creation_date().map(|d| d.secs()),
    })
}

pub async fn get_csv_header(client: cip::Client, pool_id: String) -> ApiResult<Vec<String>> {
    let output = client
        .get_csv_header()
        .user_pool_id(pool_id)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(output.csv_header().to_vec())
}

pub async fn create(client: cip::Client, request: ImportJobRequest) -> ApiResult<ImportJob> {
    let output = client
        .create_user_import_job()
        .job_name(request.job_name)
        .user_pool_id(request.user_pool_id)
        .cloud_watch_logs_role_arn(request.cloud_watch_logs_role_arn)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    job(output.user_import_job(), "CreateUserImportJob")
}

pub async fn start(client: cip::Client, pool_id: String, job_id: String) -> ApiResult<ImportJob> {
    let output = client
        .start_user_import_job()
        .user_pool_id(pool_id)
        .job_id(job_id)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    job(output.user_import_job(), "StartUserImportJob")
}

pub async fn describe(
    client: cip::Client,
    pool_id: String,
    job_id: String,
) -> ApiResult<ImportJob> {
    let output = client
        .describe_user_import_job()
        .user_pool_id(pool_id)
        .job_id(job_id)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    job(output.user_import_job(), "DescribeUserImportJob")
}

pub async fn stop(client: cip::Client, pool_id: String, job_id: String) -> ApiResult<ImportJob> {
    let output = client
        .stop_user_import_job()
        .user_pool_id(pool_id)
        .job_id(job_id)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    job(output.user_import_job(), "StopUserImportJob")
}

pub async fn list(client: cip::Client, pool_id: String) -> ApiResult<Vec<ImportJob>> {
    let mut jobs = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..MAX_JOB_PAGES {
        let page = client
            .list_user_import_jobs()
            .user_pool_id(&pool_id)
            .max_results(60)
            .set_pagination_token(token)
            .send()
            .await
            .map_err(errors::from_sdk)?;
        for found in page.user_import_jobs() {
            jobs.push(job(Some(found), "ListUserImportJobs")?);
        }
        token = page.pagination_token().map(str::to_owned);
        match &token {
            None => return Ok(jobs),
            Some(t) if !seen.insert(t.clone()) => break,
            Some(_) => {}
        }
    }
    // Enough to find a job this tool started: the newest come first.
    Ok(jobs)
}

/// PUTs the file, streamed from disk, with its length and the encryption header.
///
/// Every wait is bounded by `timeout` (the tool's operation timeout,
/// `--timeout`): the connection, the answer once the body is sent, and an
/// error answer's body, of which at most [`ERROR_BODY_LIMIT`] bytes are read
/// (an endpoint answering 403 with an endless body must neither fill memory
/// nor hang the run). Only the sending of the body itself gets more time, in
/// proportion to its size (see [`upload_budget`]).
pub async fn put_file(url: String, path: PathBuf, timeout: Duration) -> ApiResult<()> {
    let local = |message: String| ApiError::new(ErrorKind::Setup, message);
    let length = std::fs::metadata(&path)
        .map_err(|e| local(format!("cannot read {}: {e}", crate::sanitize::path(&path))))?
        .len();
    let body = ByteStream::from_path(&path)
        .await
        .map_err(|e| local(format!("cannot read {}: {e}", crate::sanitize::path(&path))))?
        .into_inner();
    let mut request = aws_smithy_runtime_api::http::Request::new(body);
    request
        .set_method("PUT")
        .map_err(|e| local(format!("the upload could not be built: {e}")))?;
    request
        .set_uri(url.as_str())
        .map_err(|_| local("the job's pre-signed URL is not a URL".into()))?;
    request
        .headers_mut()
        .insert(ENCRYPTION_HEADER.0, ENCRYPTION_HEADER.1);
    request
        .headers_mut()
        .insert("content-length", length.to_string());
    let connector = aws_smithy_http_client::Connector::builder()
        .connector_settings(
            aws_smithy_runtime_api::client::http::HttpConnectorSettings::builder()
                .connect_timeout(timeout)
                .build(),
        )
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::AwsLc,
        ))
        .build();
    let budget = upload_budget(length, timeout);
    let response = tokio::time::timeout(budget, connector.call(request))
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorKind::Timeout,
                format!(
                    "the upload was not answered within {} s",
                    budget.as_secs().max(1)
                ),
            )
        })?
        .map_err(|e| ApiError {
            kind: if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::Network
            },
            code: None,
            message: format!("the upload failed: {e}"),
            hint: Some("check your network and retry".into()),
        })?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let body = error_body(ByteStream::new(response.into_body()), timeout).await;
    Err(refused(status, &String::from_utf8_lossy(&body)))
}

/// The most of an error answer's body read: S3's XML error is a few hundred bytes.
pub const ERROR_BODY_LIMIT: usize = 4096;

/// The slowest upload rate allowed for before the PUT is given up (bytes a
/// second): a 100 MB file gets about 7 minutes on top of the timeout.
const SLOWEST_UPLOAD_RATE: u64 = 256 * 1024;

/// How long the whole PUT may take: the operation timeout, plus time for the
/// body at the slowest rate allowed for, never past the URL's 15 minutes.
fn upload_budget(length: u64, timeout: Duration) -> Duration {
    let sending = Duration::from_secs(length / SLOWEST_UPLOAD_RATE);
    (timeout + sending).min(UPLOAD_TIMEOUT.max(timeout))
}

/// The first [`ERROR_BODY_LIMIT`] bytes of an error answer, read within
/// `timeout`; whatever came by then (the rest is never read).
async fn error_body(mut body: ByteStream, timeout: Duration) -> Vec<u8> {
    let mut kept = Vec::new();
    let read = async {
        while kept.len() < ERROR_BODY_LIMIT {
            match body.next().await {
                Some(Ok(chunk)) => {
                    let room = ERROR_BODY_LIMIT - kept.len();
                    kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(timeout, read).await;
    kept
}

/// An upload the bucket refused: its S3 error code and message, and what to do.
fn refused(status: u16, body: &str) -> ApiError {
    let element = |name: &str| {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let start = body.find(&open)? + open.len();
        let end = body[start..].find(&close)? + start;
        Some(body[start..end].to_owned())
    };
    let code = element("Code").unwrap_or_else(|| format!("HTTP{status}"));
    let message = element("Message").unwrap_or_else(|| {
        let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
        text.chars().take(200).collect()
    });
    ApiError {
        kind: if status >= 500 {
            ErrorKind::BadResponse
        } else {
            ErrorKind::Service
        },
        code: Some(code),
        message: format!("the upload was refused (HTTP {status}): {message}"),
        hint: Some(
            "the pre-signed URL is valid for 15 minutes after CreateUserImportJob; run again to create a new job"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_s3_refusal_is_told_by_its_code() {
        let e = refused(
            403,
            "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
        );
        assert_eq!(e.code.as_deref(), Some("AccessDenied"));
        assert_eq!(
            e.message,
            "the upload was refused (HTTP 403): Request has expired"
        );
        assert_eq!(refused(500, "").kind, ErrorKind::BadResponse);
    }

    #[test]
    fn the_upload_budget_is_the_timeout_plus_time_for_the_body() {
        let timeout = Duration::from_secs(3);
        assert_eq!(upload_budget(100, timeout), timeout);
        assert_eq!(
            upload_budget(100 * 1024 * 1024, timeout),
            Duration::from_secs(403)
        );
        assert_eq!(upload_budget(u64::MAX / 2, timeout), UPLOAD_TIMEOUT);
    }
}
