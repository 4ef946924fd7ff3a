//! The sign-in parts of an existing pool for a clone: its app clients
//! (each described in full), resource servers, groups and domain, as the
//! JSON the service sent ([`crate::model::describe_plan`] reads them).
//! Client secrets come back from DescribeUserPoolClient; the model drops
//! them unread.

use std::future::Future;

use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_schema::serde::SerializableStruct;
use serde_json::Value;

use super::{errors, sdk_json, MAX_PAGES};
use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::model::describe_plan::DescribedSignIn;

pub async fn describe_sign_in(client: cip::Client, pool_id: String) -> ApiResult<DescribedSignIn> {
    let ids = all_pages("ListUserPoolClients", |token| {
        let call = client
            .list_user_pool_clients()
            .user_pool_id(&pool_id)
            .max_results(60)
            .set_next_token(token);
        async move {
            let page = call.send().await.map_err(errors::from_sdk)?;
            let ids = page
                .user_pool_clients()
                .iter()
                .filter_map(|c| c.client_id().map(str::to_owned));
            Ok((ids.collect(), page.next_token().map(str::to_owned)))
        }
    })
    .await?;
    let mut clients = Vec::with_capacity(ids.len());
    for id in ids {
        let described = client
            .describe_user_pool_client()
            .user_pool_id(&pool_id)
            .client_id(id)
            .send()
            .await
            .map_err(errors::from_sdk)?;
        if let Some(c) = described.user_pool_client() {
            clients.push(json(cip::types::UserPoolClientType::SCHEMA, c)?);
        }
    }
    let resource_servers = all_pages("ListResourceServers", |token| {
        let call = client
            .list_resource_servers()
            .user_pool_id(&pool_id)
            .max_results(50)
            .set_next_token(token);
        async move {
            let page = call.send().await.map_err(errors::from_sdk)?;
            let next = page.next_token().map(str::to_owned);
            Ok((page.resource_servers().to_vec(), next))
        }
    })
    .await?;
    let schema = cip::types::ResourceServerType::SCHEMA;
    let resource_servers = resource_servers.iter().map(|r| json(schema, r));
    let groups = groups(&client, &pool_id).await?;
    let groups = groups
        .iter()
        .map(|g| json(cip::types::GroupType::SCHEMA, g));
    Ok(DescribedSignIn {
        clients,
        resource_servers: resource_servers.collect::<ApiResult<_>>()?,
        domain: domain(&client, &pool_id).await?,
        groups: groups.collect::<ApiResult<_>>()?,
    })
}

/// The names of the pool's groups, every page.
pub async fn group_names(client: cip::Client, pool_id: String) -> ApiResult<Vec<String>> {
    let groups = groups(&client, &pool_id).await?;
    Ok(groups
        .iter()
        .filter_map(|g| g.group_name().map(str::to_owned))
        .collect())
}

/// ListGroups, every page.
async fn groups(client: &cip::Client, pool_id: &str) -> ApiResult<Vec<cip::types::GroupType>> {
    all_pages("ListGroups", |token| {
        let call = client
            .list_groups()
            .user_pool_id(pool_id)
            .limit(60)
            .set_next_token(token);
        async move {
            let page = call.send().await.map_err(errors::from_sdk)?;
            let next = page.next_token().map(str::to_owned);
            Ok((page.groups().to_vec(), next))
        }
    })
    .await
}

/// DescribeUserPoolDomain for the pool's domain (custom first), if it has one.
async fn domain(client: &cip::Client, pool_id: &str) -> ApiResult<Option<Value>> {
    let pool = client
        .describe_user_pool()
        .user_pool_id(pool_id)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    let name = pool
        .user_pool()
        .and_then(|p| p.custom_domain().or(p.domain()))
        .map(str::to_owned);
    let Some(name) = name else { return Ok(None) };
    let described = client
        .describe_user_pool_domain()
        .domain(name)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    described
        .domain_description()
        .map(|d| json(cip::types::DomainDescriptionType::SCHEMA, d))
        .transpose()
}

fn json(
    schema: &aws_smithy_schema::Schema<'_>,
    value: &dyn SerializableStruct,
) -> ApiResult<Value> {
    sdk_json(schema, value)
}

/// Every page of a list call, stopped on a repeated token or after
/// [`MAX_PAGES`] pages.
async fn all_pages<T, F, Fut>(what: &str, mut page: F) -> ApiResult<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = ApiResult<(Vec<T>, Option<String>)>>,
{
    let mut all = Vec::new();
    let mut token = None;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..MAX_PAGES {
        let (items, next) = page(token).await?;
        all.extend(items);
        match next {
            None => return Ok(all),
            Some(t) if !seen.insert(t.clone()) => {
                return Err(ApiError::new(
                    ErrorKind::BadResponse,
                    format!("{what}: the endpoint sent the same page token twice; stopped listing"),
                ))
            }
            Some(t) => token = Some(t),
        }
    }
    Err(ApiError::new(
        ErrorKind::BadResponse,
        format!("{what}: more than {MAX_PAGES} pages; stopped listing"),
    ))
}
