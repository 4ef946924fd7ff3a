//! The forms of the plan's later calls: an app client, the domain (with its
//! branding style) and a group, as [`FieldSpec`] tables like every other
//! step's. Clients and groups are lists, so their tables are patterns
//! (`CreateUserPoolClient[].ClientName`, the help's keys); [`indexed`] gives
//! the table of one entry (`CreateUserPoolClient[2].ClientName`, the paths
//! validation reports), so the one form engine edits it.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use crate::model::values as v;

use super::fields::{f, Condition, FieldKind::*, FieldSpec, Virtual as V};

pub const CLIENT_PREFIX: &str = "CreateUserPoolClient[]";
pub const GROUP_PREFIX: &str = "CreateGroup[]";
/// The list operations, in the form problems name them.
const LISTS: &[&str] = &[
    "CreateUserPoolClient",
    "CreateGroup",
    "CreateResourceServer",
];

pub const CLIENT: &[FieldSpec] = &[
    f("CreateUserPoolClient[].ClientName", Text),
    f("CreateUserPoolClient[].GenerateSecret", OptionalBool),
    f("CreateUserPoolClient[].ClientSecret", Secret),
    f(
        "CreateUserPoolClient[].ExplicitAuthFlows",
        Set(v::EXPLICIT_AUTH_FLOWS),
    ),
    f(
        "CreateUserPoolClient[].AllowedOAuthFlowsUserPoolClient",
        OptionalBool,
    ),
    f(
        "CreateUserPoolClient[].AllowedOAuthFlows",
        Set(v::OAUTH_FLOWS),
    ),
    f("CreateUserPoolClient[].AllowedOAuthScopes", List),
    f("CreateUserPoolClient[].CallbackURLs", List),
    f("CreateUserPoolClient[].LogoutURLs", List),
    f("CreateUserPoolClient[].DefaultRedirectURI", Text),
    f("CreateUserPoolClient[].SupportedIdentityProviders", List),
    f("CreateUserPoolClient[].ReadAttributes", List),
    f("CreateUserPoolClient[].WriteAttributes", List),
    f("CreateUserPoolClient[].AccessTokenValidity", Number),
    f(
        "CreateUserPoolClient[].TokenValidityUnits.AccessToken",
        Choice(v::TIME_UNITS),
    ),
    f("CreateUserPoolClient[].IdTokenValidity", Number),
    f(
        "CreateUserPoolClient[].TokenValidityUnits.IdToken",
        Choice(v::TIME_UNITS),
    ),
    f("CreateUserPoolClient[].RefreshTokenValidity", Number),
    f(
        "CreateUserPoolClient[].TokenValidityUnits.RefreshToken",
        Choice(v::TIME_UNITS),
    ),
    f("CreateUserPoolClient[].AuthSessionValidity", Number),
    f(
        "CreateUserPoolClient[].PreventUserExistenceErrors",
        Choice(v::PREVENT_USER_EXISTENCE_ERRORS),
    ),
    f("CreateUserPoolClient[].EnableTokenRevocation", OptionalBool),
    f(
        "CreateUserPoolClient[].EnablePropagateAdditionalUserContextData",
        OptionalBool,
    ),
    f("CreateUserPoolClient[].RefreshTokenRotation", Section),
    f(
        "CreateUserPoolClient[].RefreshTokenRotation.Feature",
        Choice(v::FEATURE_TYPE),
    )
    .inside("CreateUserPoolClient[].RefreshTokenRotation"),
    f(
        "CreateUserPoolClient[].RefreshTokenRotation.RetryGracePeriodSeconds",
        Number,
    )
    .inside("CreateUserPoolClient[].RefreshTokenRotation"),
    f("CreateUserPoolClient[].AnalyticsConfiguration", Section),
    f(
        "CreateUserPoolClient[].AnalyticsConfiguration.ApplicationId",
        Text,
    )
    .inside("CreateUserPoolClient[].AnalyticsConfiguration"),
    f(
        "CreateUserPoolClient[].AnalyticsConfiguration.ApplicationArn",
        Text,
    )
    .inside("CreateUserPoolClient[].AnalyticsConfiguration"),
    f(
        "CreateUserPoolClient[].AnalyticsConfiguration.RoleArn",
        Text,
    )
    .inside("CreateUserPoolClient[].AnalyticsConfiguration"),
    f(
        "CreateUserPoolClient[].AnalyticsConfiguration.ExternalId",
        Text,
    )
    .inside("CreateUserPoolClient[].AnalyticsConfiguration"),
    f(
        "CreateUserPoolClient[].AnalyticsConfiguration.UserDataShared",
        Toggle,
    )
    .inside("CreateUserPoolClient[].AnalyticsConfiguration"),
];

pub const DOMAIN: &[FieldSpec] = &[
    f("CreateUserPoolDomain", Virtual(V::Domain)),
    f("CreateUserPoolDomain.Domain", Text).inside("CreateUserPoolDomain"),
    f("CreateUserPoolDomain.CustomDomainConfig", Section).inside("CreateUserPoolDomain"),
    f(
        "CreateUserPoolDomain.CustomDomainConfig.CertificateArn",
        RequiredText,
    )
    .owned_by("CreateUserPoolDomain.CustomDomainConfig")
    .inside("CreateUserPoolDomain.CustomDomainConfig"),
    f(
        "CreateUserPoolDomain.CustomDomainConfig.SecurityPolicy",
        Choice(v::DOMAIN_SECURITY_POLICY),
    )
    .inside("CreateUserPoolDomain.CustomDomainConfig"),
    f(
        "CreateUserPoolDomain.ManagedLoginVersion",
        Virtual(V::ManagedLogin),
    )
    .inside("CreateUserPoolDomain"),
    f(
        "CreateManagedLoginBranding.ClientId",
        Virtual(V::BrandingClient),
    )
    .inside("CreateManagedLoginBranding"),
];

pub const GROUP: &[FieldSpec] = &[
    f("CreateGroup[].GroupName", Text),
    f("CreateGroup[].Description", Text),
    f("CreateGroup[].Precedence", Number),
    f("CreateGroup[].RoleArn", Text),
];

/// `path` with the index of its list call taken out
/// (`CreateUserPoolClient[2].CallbackURLs[0]` →
/// `CreateUserPoolClient[].CallbackURLs[0]`), and that index.
pub fn split_index(path: &str) -> (String, Option<usize>) {
    for list in LISTS {
        let Some(rest) = path
            .strip_prefix(list)
            .and_then(|rest| rest.strip_prefix('['))
        else {
            continue;
        };
        let Some((number, after)) = rest.split_once(']') else {
            continue;
        };
        if let Ok(index) = number.parse::<usize>() {
            return (format!("{list}[]{after}"), Some(index));
        }
    }
    (path.to_owned(), None)
}

/// The pattern form of a path (see [`split_index`]).
pub fn pattern(path: &str) -> String {
    split_index(path).0
}

/// The operation a later call's path belongs to and the member path inside
/// it (`CreateUserPoolClient[1].TokenValidityUnits.AccessToken` →
/// `("CreateUserPoolClient", "TokenValidityUnits.AccessToken")`).
pub fn operation_member(path: &str) -> Option<(&str, &str)> {
    let (head, rest) = path.split_once('.')?;
    let operation = head.split('[').next().unwrap_or(head);
    super::binding::addresses_later(operation).then_some((operation, rest))
}

/// The table of entry `index` of a pattern table: each `[]` of the list
/// call filled with the index. Tables are made once per (table, index) and
/// kept for the run (field specs hold `'static` paths), so memory grows
/// only with the most entries a list has had.
pub fn indexed(table: &'static [FieldSpec], index: usize) -> &'static [FieldSpec] {
    type Tables = HashMap<(usize, usize), &'static [FieldSpec]>;
    static TABLES: LazyLock<Mutex<Tables>> = LazyLock::new(Mutex::default);
    let key = (table.as_ptr() as usize, index);
    let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
    let made: &'static [FieldSpec] = tables
        .entry(key)
        .or_insert_with(|| fill_index(table, index));
    made
}

/// A copy of `table` with each `[]` filled with `index`, kept for the run.
fn fill_index(table: &'static [FieldSpec], index: usize) -> &'static [FieldSpec] {
    let fill = |path: &'static str| -> &'static str {
        if path.contains("[]") {
            Box::leak(
                path.replacen("[]", &format!("[{index}]"), 1)
                    .into_boxed_str(),
            )
        } else {
            path
        }
    };
    let specs: Vec<FieldSpec> = table
        .iter()
        .map(|spec| FieldSpec {
            path: fill(spec.path),
            owner: spec.owner.map(fill),
            shown_if: spec.shown_if.map(|c| match c {
                Condition::Present(p) => Condition::Present(fill(p)),
                other => other,
            }),
            ..*spec
        })
        .collect();
    Box::leak(specs.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_table_has_the_paths_validation_reports() {
        let table = indexed(CLIENT, 2);
        assert_eq!(table[0].path, "CreateUserPoolClient[2].ClientName");
        assert!(std::ptr::eq(table, indexed(CLIENT, 2)), "made once");
        let inside = table
            .iter()
            .find(|s| s.path.ends_with("RefreshTokenRotation.Feature"))
            .unwrap();
        assert_eq!(
            inside.shown_if,
            Some(Condition::Present(
                "CreateUserPoolClient[2].RefreshTokenRotation"
            ))
        );
        assert_eq!(
            split_index("CreateUserPoolClient[12].CallbackURLs[0]"),
            (
                "CreateUserPoolClient[].CallbackURLs[0]".to_owned(),
                Some(12)
            )
        );
        assert_eq!(
            operation_member("CreateGroup[0].Precedence"),
            Some(("CreateGroup", "Precedence"))
        );
        assert_eq!(operation_member("Policies.PasswordPolicy"), None);
    }
}
