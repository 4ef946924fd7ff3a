//! A pool's settings as one comparable value: the live pool (DescribeUserPool
//! and GetUserPoolMfaConfig) and the desired one (the live pool with a
//! document's members written over it) have the same shape, so the diff and
//! the calls both come from comparing two [`PoolState`]s.

use serde_json::{Map, Value};

use crate::model::load::{self, DescribedPool, LoadError, Loaded};
use crate::model::written::Written;
use crate::model::{CreateUserPoolRequest, Operation, PoolDocument, SetUserPoolMfaConfigRequest};
use crate::problem::Problem;
use crate::validate::engine::{self, join_path};
use crate::validate::table::{self, pattern_of, Kind, OperationTable};

/// Every setting of a pool that a request can set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolState {
    /// The pool's settings in CreateUserPool's shape (what clone reads), with
    /// `MfaConfiguration` the pool's MFA mode.
    pub settings: CreateUserPoolRequest,
    /// The MFA factors (GetUserPoolMfaConfig's members, without the mode and
    /// the pool id, which live in [`PoolState::settings`] and [`LivePool`]).
    pub mfa: SetUserPoolMfaConfigRequest,
}

/// The pool as the service describes it now.
#[derive(Debug, Clone, PartialEq)]
pub struct LivePool {
    pub id: String,
    /// For the tag calls.
    pub arn: Option<String>,
    pub state: PoolState,
    /// Settings the pool has that UpdateUserPool cannot carry (it would
    /// reset them): any change is refused while they are set.
    pub uncarried: Vec<Problem>,
    /// What reading the description changed (defaults left out, ...).
    pub notes: Vec<Problem>,
    /// The app clients, resource servers, domain and groups the pool has
    /// ([`LivePool::with_sign_in`]), or why they are not known (then the
    /// plan refuses anything new: a duplicate could not be told).
    pub sign_in: Result<super::sign_in::ExistingSignIn, String>,
}

impl LivePool {
    /// DescribeUserPool (+ GetUserPoolMfaConfig) → the live pool, read the
    /// way clone reads it (`load::load_value`), so a described pool and a
    /// describe-output file compare equal.
    pub fn from_described(described: &DescribedPool) -> Result<Self, LoadError> {
        let id = text_member(&described.user_pool, "Id").unwrap_or_default();
        let arn = text_member(&described.user_pool, "Arn");
        let outcome = load::load_value(
            serde_json::json!({ "UserPool": described.user_pool }),
            Some(Operation::CreateUserPool),
        )?;
        let Loaded::Pool(doc) = outcome.loaded else {
            return Err(LoadError::Shape {
                path: "UserPool".into(),
                message: "not a user pool".into(),
            });
        };
        let mut settings = doc.create;
        let mut mfa = match &described.mfa_config {
            Some(value) => load::typed_mfa_config(value.clone())?,
            None => SetUserPoolMfaConfigRequest::default(),
        };
        // GetUserPoolMfaConfig is the MFA API's own answer; DescribeUserPool's
        // mode can lag behind it (moto never updates it).
        if let Some(mode) = mfa.mfa_configuration.take() {
            settings.mfa_configuration = Some(mode);
        }
        mfa.user_pool_id = None;
        let (uncarried, notes): (Vec<Problem>, Vec<Problem>) =
            outcome.notes.into_iter().partition(|n| {
                engine::NOT_IN_SDK
                    .iter()
                    .any(|(m, _)| n.path == format!("UserPool.{m}"))
            });
        let uncarried = uncarried
            .into_iter()
            .map(|n| {
                let member = n.path.trim_start_matches("UserPool.").to_owned();
                Problem::error(
                    member,
                    "the pool sets this, and the AWS SDK for Rust this tool sends through cannot send it yet: UpdateUserPool would reset it, so nothing is changed; change the pool with the AWS CLI or the console",
                )
            })
            .collect();
        Ok(Self {
            id,
            arn,
            state: PoolState { settings, mfa },
            uncarried,
            notes,
            sign_in: Err("they were not read with the pool".into()),
        })
    }

    /// The pool with its sign-in parts as described (ListUserPoolClients
    /// and the rest), or why they could not be read.
    pub fn with_sign_in(
        mut self,
        described: Result<&crate::model::describe_plan::DescribedSignIn, &str>,
    ) -> Self {
        self.sign_in = described
            .map_err(str::to_owned)
            .and_then(super::sign_in::ExistingSignIn::from_described);
        self
    }
}

fn text_member(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// The live pool with the document's members written over it, and the
/// paths of the members carried from the pool inside structures the file
/// writes (what the loader's "the SDK sends it as false" notes are about;
/// for those members they are not true: the pool's value is sent).
///
/// With `written` (a request or a plan document: [`Written`]) a member the
/// file leaves out, at any depth inside a structure, keeps the pool's value;
/// lists and maps the file writes are its value, whole. Without it (describe
/// output, or the wizard's whole draft) a top-level member the document has
/// is the desired value of that member, whole. MFA: the document's
/// SetUserPoolMfaConfig call (a plan document) sets the mode and the factors
/// it writes; without it, its `MfaConfiguration` sets the mode.
pub fn desired(
    live: &PoolState,
    doc: &PoolDocument,
    written: Option<&Written>,
) -> (PoolState, Vec<String>) {
    let mut carried = Vec::new();
    let model = table::model();
    let mut settings = over(
        &live.settings,
        &doc.create,
        written.map(|w| &w.create),
        Table {
            operation: model.operation("CreateUserPool"),
            prefix: "",
        },
        &mut carried,
    );
    let mut mfa = live.mfa.clone();
    if let Some(call) = &doc.mfa {
        // A plan document creates with MfaConfiguration OFF and sets the
        // mode in its second call: that OFF is not a wish, the call's mode is.
        settings.mfa_configuration = call
            .mfa_configuration
            .clone()
            .or_else(|| live.settings.mfa_configuration.clone());
        let mut factors = call.clone();
        factors.user_pool_id = None;
        factors.mfa_configuration = None;
        let mut factors_written = written.and_then(|w| w.mfa.clone());
        if let Some(members) = &mut factors_written {
            members.remove("UserPoolId");
            members.remove("MfaConfiguration");
        }
        mfa = over(
            &live.mfa,
            &factors,
            factors_written.as_ref(),
            Table {
                operation: model.operation("SetUserPoolMfaConfig"),
                prefix: "SetUserPoolMfaConfig",
            },
            &mut carried,
        );
    }
    sms_factor_for_new_mode(live, &settings, &mut mfa);
    (PoolState { settings, mfa }, carried)
}

/// Turning MFA on with a request that has no factors but SMS settings means
/// SMS MFA (what CreateUserPool does with the same request); for an existing
/// pool that takes SetUserPoolMfaConfig's SMS factor, built from those
/// settings as [`crate::model::MfaChoice::apply`] builds it.
fn sms_factor_for_new_mode(
    live: &PoolState,
    settings: &CreateUserPoolRequest,
    mfa: &mut SetUserPoolMfaConfigRequest,
) {
    let on = |mode: Option<&str>| matches!(mode, Some("ON" | "OPTIONAL"));
    let turned_on = !on(live.settings.mfa_configuration.as_deref())
        && on(settings.mfa_configuration.as_deref());
    let no_factor = mfa.sms_mfa_configuration.is_none()
        && mfa.software_token_mfa_configuration.is_none()
        && mfa.email_mfa_configuration.is_none()
        && mfa.web_authn_configuration.is_none();
    if turned_on && no_factor && settings.sms_configuration.is_some() {
        mfa.sms_mfa_configuration = Some(crate::model::mfa::SmsMfaConfig {
            sms_authentication_message: settings.sms_authentication_message.clone(),
            sms_configuration: settings.sms_configuration.clone(),
        });
    }
}

/// Where a request's members are described, and where its paths are named
/// in the loader's notes (`SetUserPoolMfaConfig.…` in a plan document).
#[derive(Clone, Copy)]
pub(super) struct Table<'a> {
    pub operation: &'a OperationTable,
    pub prefix: &'a str,
}

/// `base` with `top`'s members written over it: with `written`, exactly
/// the members written (structures member by member); without, every
/// top-level member `top` has, whole.
fn over<T>(
    base: &T,
    top: &T,
    written: Option<&Map<String, Value>>,
    table: Table,
    carried: &mut Vec<String>,
) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    let (Value::Object(mut merged), Value::Object(top)) = (to_value(base), to_value(top)) else {
        return base.clone();
    };
    match written {
        Some(written) => write_members(table, "", &mut merged, &top, written, carried),
        None => merged.extend(top),
    }
    serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| base.clone())
}

/// Writes the members of `top` that `written` names into `merged` (the
/// pool's structure at `at`): a structure both have is walked member by
/// member, anything else (a value, a list, a map, a structure new to the
/// pool) is `top`'s, whole. The pool's members left out are `carried`.
pub(super) fn write_members(
    table: Table,
    at: &str,
    merged: &mut Map<String, Value>,
    top: &Map<String, Value>,
    written: &Map<String, Value>,
    carried: &mut Vec<String>,
) {
    if !at.is_empty() {
        let named = match table.prefix {
            "" => at.to_owned(),
            prefix => format!("{prefix}.{at}"),
        };
        carried.extend(
            merged
                .keys()
                .filter(|name| !written.contains_key(*name))
                .map(|name| join_path(&named, name)),
        );
    }
    for (name, members) in written {
        let path = join_path(at, name);
        let structure = table.operation.member_at(&path).is_some_and(|m| {
            m.kind == Kind::Structure && !table.operation.is_document(&pattern_of(&path))
        });
        match (top.get(name), merged.get_mut(name), members) {
            (Some(Value::Object(file)), Some(Value::Object(pool)), Value::Object(members))
                if structure =>
            {
                write_members(table, &path, pool, file, members, carried);
            }
            (Some(value), _, _) => {
                merged.insert(name.clone(), value.clone());
            }
            // Written, but not a member of the request as read (a
            // deprecated member the loader moved): the pool has none either.
            (None, _, _) => {
                merged.remove(name);
            }
        }
    }
}

pub(super) fn to_value(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Object(Map::new()))
}
