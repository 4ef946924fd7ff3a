//! The calls that turn the live pool into the desired one, in order, and
//! nothing else: no change, no call.
//!
//! * `UpdateUserPool` with the full body: every member the pool has is sent
//!   (changed or not), because the service resets every member a request
//!   leaves out. It carries the pool's current MFA mode; a new mode or new
//!   factors go through SetUserPoolMfaConfig after it.
//! * `AddCustomAttributes` for custom attributes the pool does not have.
//! * `SetUserPoolMfaConfig` with the mode and every factor, when any changed.
//! * `TagResource` / `UntagResource` when the tags are all that changed
//!   (otherwise UpdateUserPool's full body carries the desired tags).

use std::collections::BTreeMap;

use serde::Serialize;

use super::diff::{settings_changes, Change};
use super::schema;
use super::state::{desired, LivePool, PoolState};
use crate::model::preview::{Layout, Secrets};
use crate::model::update::{
    AddCustomAttributesRequest, TagResourceRequest, UntagResourceRequest, UpdateUserPoolRequest,
};
use crate::model::update_client::UpdateUserPoolClientRequest;
use crate::model::values::MASK;
use crate::model::written::Written;
use crate::model::{
    Call, CreateGroupRequest, CreateUserPoolDomainRequest, PoolDocument,
    SetUserPoolMfaConfigRequest,
};
use crate::problem::Problem;
use crate::validate::mutability::{self, Mutability};

/// One call of an update, with its request.
// A plan holds a handful of calls: boxing would only add noise (as `Call`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateCall {
    UpdateUserPool(UpdateUserPoolRequest),
    AddCustomAttributes(AddCustomAttributesRequest),
    SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest),
    TagResource(TagResourceRequest),
    UntagResource(UntagResourceRequest),
    /// A new app client, resource server, domain, branding style or group:
    /// the create-mode call, with the pool's id filled.
    SignIn(Call),
    /// An app client, group or domain the pool has, changed: the full body
    /// (see [`super::entries`]).
    UpdateUserPoolClient(UpdateUserPoolClientRequest),
    UpdateGroup(CreateGroupRequest),
    UpdateUserPoolDomain(CreateUserPoolDomainRequest),
}

impl UpdateCall {
    /// The API's operation name.
    pub fn operation(&self) -> &'static str {
        match self {
            UpdateCall::UpdateUserPool(_) => "UpdateUserPool",
            UpdateCall::AddCustomAttributes(_) => "AddCustomAttributes",
            UpdateCall::SetUserPoolMfaConfig(_) => "SetUserPoolMfaConfig",
            UpdateCall::TagResource(_) => "TagResource",
            UpdateCall::UntagResource(_) => "UntagResource",
            UpdateCall::SignIn(call) => call.operation().name(),
            UpdateCall::UpdateUserPoolClient(_) => "UpdateUserPoolClient",
            UpdateCall::UpdateGroup(_) => "UpdateGroup",
            UpdateCall::UpdateUserPoolDomain(_) => "UpdateUserPoolDomain",
        }
    }

    /// `UpdateGroup "staff"`, `CreateUserPoolClient "web"`, `UpdateUserPool`:
    /// the call in a message (one of several of its operation told apart).
    pub fn label(&self) -> String {
        let named = |name: &Option<String>| match name {
            Some(name) => format!(
                "{} {}",
                self.operation(),
                serde_json::Value::String(name.clone())
            ),
            None => self.operation().to_owned(),
        };
        match self {
            UpdateCall::SignIn(call) => call.label(),
            UpdateCall::UpdateUserPoolClient(r) => named(&r.client_name),
            UpdateCall::UpdateGroup(r) => named(&r.group_name),
            UpdateCall::UpdateUserPoolDomain(r) => named(&r.domain),
            other => other.operation().to_owned(),
        }
    }

    /// Whether the call makes or changes one of the pool's app clients,
    /// resource servers, domain, branding or groups (not the pool itself).
    pub fn is_sign_in(&self) -> bool {
        matches!(
            self,
            UpdateCall::SignIn(_)
                | UpdateCall::UpdateUserPoolClient(_)
                | UpdateCall::UpdateGroup(_)
                | UpdateCall::UpdateUserPoolDomain(_)
        )
    }

    /// The AWS CLI command that takes this call's JSON with `--cli-input-json`.
    pub fn cli_command(&self) -> &'static str {
        match self {
            UpdateCall::UpdateUserPool(_) => "update-user-pool",
            UpdateCall::AddCustomAttributes(_) => "add-custom-attributes",
            UpdateCall::SetUserPoolMfaConfig(_) => "set-user-pool-mfa-config",
            UpdateCall::TagResource(_) => "tag-resource",
            UpdateCall::UntagResource(_) => "untag-resource",
            UpdateCall::SignIn(call) => call.operation().cli_command(),
            UpdateCall::UpdateUserPoolClient(_) => "update-user-pool-client",
            UpdateCall::UpdateGroup(_) => "update-group",
            UpdateCall::UpdateUserPoolDomain(_) => "update-user-pool-domain",
        }
    }

    /// The call's JSON: compact with [`Secrets::Reveal`] is the exact body
    /// the SDK sends (a test proves it byte for byte).
    pub fn json(&self, layout: Layout, secrets: Secrets) -> String {
        let mut call = self.clone();
        if secrets != Secrets::Reveal {
            call.hide_secrets(secrets);
        }
        match &call {
            UpdateCall::UpdateUserPool(r) => to_json(r, layout),
            UpdateCall::AddCustomAttributes(r) => to_json(r, layout),
            UpdateCall::SetUserPoolMfaConfig(r) => to_json(r, layout),
            UpdateCall::TagResource(r) => to_json(r, layout),
            UpdateCall::UntagResource(r) => to_json(r, layout),
            UpdateCall::SignIn(call) => crate::model::preview::call_json(call, layout, secrets),
            UpdateCall::UpdateUserPoolClient(r) => to_json(r, layout),
            UpdateCall::UpdateGroup(r) => to_json(r, layout),
            UpdateCall::UpdateUserPoolDomain(r) => to_json(r, layout),
        }
    }

    /// The paths of the secrets this call carries (for "left out" notes).
    pub fn secret_members(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut note = |sms: Option<&crate::model::pool::SmsConfiguration>, at: &str| {
            if let Some(sms) = sms {
                if sms.external_id.is_some() {
                    found.push(format!("{}{at}.ExternalId", self.operation_prefix()));
                }
                if sms
                    .eums_sms
                    .as_ref()
                    .is_some_and(|e| e.external_id.is_some())
                {
                    found.push(format!(
                        "{}{at}.EumsSms.ExternalId",
                        self.operation_prefix()
                    ));
                }
            }
        };
        match self {
            UpdateCall::UpdateUserPool(r) => note(r.sms_configuration.as_ref(), "SmsConfiguration"),
            UpdateCall::SetUserPoolMfaConfig(r) => note(
                r.sms_mfa_configuration
                    .as_ref()
                    .and_then(|s| s.sms_configuration.as_ref()),
                "SmsMfaConfiguration.SmsConfiguration",
            ),
            UpdateCall::SignIn(call) => found.extend(crate::model::preview::secret_members(call)),
            _ => {}
        }
        found
    }

    fn operation_prefix(&self) -> String {
        format!("{}.", self.operation())
    }

    fn hide_secrets(&mut self, secrets: Secrets) {
        let hide = |slot: &mut Option<String>| {
            if slot.is_some() {
                *slot = (secrets == Secrets::Mask).then(|| MASK.to_owned());
            }
        };
        let sms = match self {
            UpdateCall::UpdateUserPool(r) => r.sms_configuration.as_mut(),
            UpdateCall::SetUserPoolMfaConfig(r) => r
                .sms_mfa_configuration
                .as_mut()
                .and_then(|s| s.sms_configuration.as_mut()),
            _ => None,
        };
        if let Some(sms) = sms {
            hide(&mut sms.external_id);
            if let Some(eums) = sms.eums_sms.as_mut() {
                hide(&mut eums.external_id);
            }
        }
    }
}

fn to_json(value: &impl Serialize, layout: Layout) -> String {
    match layout {
        Layout::Compact => serde_json::to_string(value),
        Layout::Pretty => serde_json::to_string_pretty(value),
    }
    .unwrap_or_default()
}

/// Everything an update would do, for review before anything is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdatePlan {
    /// Member by member, in model order: `Path: before -> after`.
    pub changes: Vec<Change>,
    /// Changes that cannot be made (each names its member and why), and
    /// settings of the pool an update would lose. Nothing is sent while any.
    pub refused: Vec<Problem>,
    /// The calls that make the change, in order; empty when nothing changes.
    pub calls: Vec<UpdateCall>,
    /// The pool as it will be once the calls are made (what the check after
    /// applying compares against).
    pub target: PoolState,
    /// Members inside structures the file writes that it leaves out: they
    /// keep the pool's value (see [`super::state::desired`]).
    pub carried: Vec<String>,
    /// What the calls send that the diff cannot show (warnings).
    pub notes: Vec<Problem>,
    /// The app clients, domain and groups' problems, at the document's
    /// entries ([`super::sign_in::SignInPlan::problems`]).
    pub parts: Vec<Problem>,
}

impl UpdatePlan {
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// One line per changed member.
    pub fn diff_lines(&self) -> Vec<String> {
        self.changes.iter().map(Change::line).collect()
    }

    /// Whether the member at `path` (or the structure it is in) keeps the
    /// pool's value because the file leaves it out.
    pub fn carries(&self, path: &str) -> bool {
        self.carried.iter().any(|c| crate::problem::within(path, c))
    }
}

/// The plan that turns `live` into what the whole document `doc` describes
/// (the wizard's draft, describe output): top-level members `doc` leaves
/// out keep their live value; see [`super::state::desired`].
pub fn plan_update(live: &LivePool, doc: &PoolDocument) -> UpdatePlan {
    plan_update_written(live, doc, None)
}

/// The plan for a file: with `written` (what a request or plan document
/// writes), every member it leaves out, at any depth inside a structure,
/// keeps its live value.
pub fn plan_update_written(
    live: &LivePool,
    doc: &PoolDocument,
    written: Option<&Written>,
) -> UpdatePlan {
    let (target, carried) = desired(&live.state, doc, written);
    let mut changes = settings_changes(&live.state, &target);
    let schema = schema::compare(
        live.state.settings.schema.as_deref(),
        target.settings.schema.as_deref(),
    );
    let mut refused = refusals(&changes);
    refused.extend(
        schema
            .fixed
            .iter()
            .map(|path| Problem::error(path.clone(), mutability::reason("Schema"))),
    );
    refused.extend(schema.refused.iter().cloned());
    changes.extend(schema.changes.iter().cloned());
    sort_by_model_order(&mut changes);
    if !changes.is_empty() {
        refused.extend(live.uncarried.iter().cloned());
    }
    let existing = live.sign_in.as_ref().map_err(String::as_str);
    let sign_in =
        super::sign_in::plan_sign_in(&live.id, existing, doc, (&target.settings, written));
    refused.extend(sign_in.refused);
    let calls = if refused.is_empty() {
        let mut calls = calls_for(live, &target, &changes, schema.added);
        calls.extend(sign_in.calls);
        calls
    } else {
        Vec::new()
    };
    changes.extend(sign_in.changes);
    let parts = sign_in.problems;
    let mut carried = carried;
    carried.extend(sign_in.carried);
    // The pool keeps its schema: what the document writes is added to it.
    let mut target = target;
    target.settings.schema = live.state.settings.schema.clone();
    if let Some(UpdateCall::AddCustomAttributes(add)) = calls
        .iter()
        .find(|c| matches!(c, UpdateCall::AddCustomAttributes(_)))
    {
        target
            .settings
            .schema
            .get_or_insert_with(Vec::new)
            .extend(add.custom_attributes.clone().unwrap_or_default());
    }
    let notes = sent_as_unset(live, &calls);
    UpdatePlan {
        changes,
        refused,
        calls,
        target,
        carried,
        notes,
        parts,
    }
}

/// The SDK sends `UnusedAccountValidityDays` whenever `AdminCreateUserConfig`
/// is sent. A pool that describes it beside `TemporaryPasswordValidityDays`
/// (which replaces it: Cognito refuses both) is read with 0, so 0 (not set)
/// is what UpdateUserPool sends, not the value the pool describes: said,
/// as no diff line can show it.
fn sent_as_unset(live: &LivePool, calls: &[UpdateCall]) -> Vec<Problem> {
    const PATH: &str = "AdminCreateUserConfig.UnusedAccountValidityDays";
    let sends_zero = calls.iter().any(|call| {
        matches!(call, UpdateCall::UpdateUserPool(r)
            if r.admin_create_user_config.as_ref().is_some_and(|a| a.unused_account_validity_days == 0))
    });
    let describes_it = live.notes.iter().any(|n| n.path.ends_with(PATH));
    if !(sends_zero && describes_it) {
        return Vec::new();
    }
    vec![Problem::warning(
        format!("UpdateUserPool.{PATH}"),
        "sent as 0 (not set), not the value the pool describes: the SDK sends this member whenever AdminCreateUserConfig is sent, and Policies.PasswordPolicy.TemporaryPasswordValidityDays replaces it (Cognito refuses both)",
    )]
}

/// A change to a member UpdateUserPool does not take, named with why.
fn refusals(changes: &[Change]) -> Vec<Problem> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for change in changes {
        let member = change.member();
        let create_only =
            !is_mfa_member(member) && mutability::mutability(member) == Mutability::CreateOnly;
        if create_only && !seen.contains(&member) {
            seen.push(member);
            out.push(Problem::error(
                change.path.clone(),
                mutability::reason(member),
            ));
        }
    }
    out
}

/// Top-level members in CreateUserPool's order, then the MFA factors.
fn sort_by_model_order(changes: &mut [Change]) {
    let model = crate::validate::table::model();
    let order: Vec<&str> = model
        .operation("CreateUserPool")
        .children("")
        .chain(model.operation("SetUserPoolMfaConfig").children(""))
        .map(|m| m.path.as_str())
        .collect();
    changes.sort_by_key(|c| {
        order
            .iter()
            .position(|o| *o == c.member())
            .unwrap_or(usize::MAX)
    });
}

/// Members whose change SetUserPoolMfaConfig makes.
pub(super) fn is_mfa_member(member: &str) -> bool {
    member == "MfaConfiguration"
        || crate::validate::table::model()
            .operation("SetUserPoolMfaConfig")
            .member(member)
            .is_some()
            && crate::validate::table::model()
                .operation("CreateUserPool")
                .member(member)
                .is_none()
}

fn calls_for(
    live: &LivePool,
    target: &PoolState,
    changes: &[Change],
    added: Vec<crate::model::pool::SchemaAttribute>,
) -> Vec<UpdateCall> {
    let members: Vec<&str> = changes.iter().map(Change::member).collect();
    let pool_changed = members
        .iter()
        .any(|m| !is_mfa_member(m) && *m != "Schema" && *m != "UserPoolTags");
    let tags_changed = members.contains(&"UserPoolTags");
    let mfa_changed = members.iter().any(|m| is_mfa_member(m));
    let mut calls = Vec::new();
    if pool_changed {
        let mut settings = target.settings.clone();
        // The mode changes (if at all) in SetUserPoolMfaConfig, once its
        // factors are there; until then the pool keeps the one it has.
        settings.mfa_configuration = live.state.settings.mfa_configuration.clone();
        calls.push(UpdateCall::UpdateUserPool(UpdateUserPoolRequest::carrying(
            &live.id, &settings,
        )));
    }
    if !added.is_empty() {
        calls.push(UpdateCall::AddCustomAttributes(
            AddCustomAttributesRequest {
                user_pool_id: Some(live.id.clone()),
                custom_attributes: Some(added),
            },
        ));
    }
    if mfa_changed {
        let mut request = target.mfa.clone();
        request.user_pool_id = Some(live.id.clone());
        request.mfa_configuration = target.settings.mfa_configuration.clone();
        calls.push(UpdateCall::SetUserPoolMfaConfig(request));
    }
    if tags_changed && !pool_changed {
        calls.extend(tag_calls(
            live,
            live.state.settings.user_pool_tags.as_ref(),
            target.settings.user_pool_tags.as_ref(),
        ));
    }
    calls
}

/// TagResource for new and changed tags, UntagResource for removed ones.
fn tag_calls(
    live: &LivePool,
    before: Option<&BTreeMap<String, String>>,
    after: Option<&BTreeMap<String, String>>,
) -> Vec<UpdateCall> {
    let empty = BTreeMap::new();
    let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let set: BTreeMap<String, String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let removed: Vec<String> = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    let mut calls = Vec::new();
    if !set.is_empty() {
        calls.push(UpdateCall::TagResource(TagResourceRequest {
            resource_arn: live.arn.clone(),
            tags: Some(set),
        }));
    }
    if !removed.is_empty() {
        calls.push(UpdateCall::UntagResource(UntagResourceRequest {
            resource_arn: live.arn.clone(),
            tag_keys: Some(removed),
        }));
    }
    calls
}
