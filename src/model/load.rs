//! Reading request files. One entry point takes any of the shapes an operator
//! has at hand and says which it was:
//!
//! * a `CreateUserPool` request (what `--cli-input-json` takes),
//! * a plan document `{"CreateUserPool": ..., "SetUserPoolMfaConfig": ...}`,
//! * `describe-user-pool` output `{"UserPool": ...}`, turned into a request
//!   ("clone an existing pool"),
//! * an `AdminCreateUser` request.
//!
//! Unknown members are errors naming the member (a typo must not vanish), and
//! the API's deprecated top-level verification messages are moved into
//! `VerificationMessageTemplate`, which is what the wizard writes.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::plan::Operation;
use super::pool::VerificationMessageTemplate;
use super::values::NEW_POOL_ID_PLACEHOLDER;
use super::{
    AdminCreateUserRequest, CreateUserPoolRequest, PoolDocument, SetUserPoolMfaConfigRequest,
};
use crate::problem::Problem;
use crate::validate::{engine, table};

/// Which shape a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    CreateUserPool,
    PoolPlan,
    DescribeUserPool,
    AdminCreateUser,
    /// A plan's second call on its own (`--operation set-user-pool-mfa-config`).
    SetUserPoolMfaConfig,
    /// A later call of a plan on its own: an exported per-call file.
    LaterCall(Operation),
}

impl Loaded {
    /// Why this is not a pool document the wizard can open, and what to do
    /// with it instead; `None` for a pool.
    pub fn not_a_pool(&self) -> Option<&'static str> {
        match self {
            Loaded::Pool(_) => None,
            Loaded::User(_) => Some(
                "an AdminCreateUser request, not a pool: send it with cognito-wizard create-user FILE (or invite on the Invite step)",
            ),
            Loaded::Mfa(_) => Some(
                "the SetUserPoolMfaConfig call alone, not a pool: open the plan document beside it (NAME.plan.json) to edit the whole pool",
            ),
            Loaded::Call(_) => Some(
                "one later call of a plan alone, not a pool: open the plan document beside it (NAME.plan.json) to edit the whole pool",
            ),
        }
    }
}

/// A loaded file.
// Short-lived (loaded, then taken apart): boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Pool(PoolDocument),
    User(AdminCreateUserRequest),
    /// SetUserPoolMfaConfig alone, for an existing pool (or the exported
    /// second call, whose pool id is the placeholder).
    Mfa(SetUserPoolMfaConfigRequest),
    /// A later call of a plan alone (an exported per-call file: client,
    /// domain, branding style, group, resource server).
    Call(super::plan::Call),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadOutcome {
    pub kind: InputKind,
    pub loaded: Loaded,
    /// What loading changed (deprecated members moved, read-only members
    /// dropped); always warnings.
    pub notes: Vec<Problem>,
    /// The members a pool request or plan document writes, as written
    /// (`None` for describe output, which is a whole pool): what
    /// `update-pool` changes, every other member keeping the pool's value.
    pub written: Option<super::written::Written>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The text is not JSON at all (exit status 2 in the headless commands).
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON that does not fit the request (unknown member, wrong type).
    #[error("{path}: {message}")]
    Shape { path: String, message: String },
    /// A request that does not fit the service model: every problem found in
    /// it, in model order (the first is the one shown where one line fits).
    #[error("{}", summary(.0))]
    Invalid(Vec<Problem>),
    /// Nothing in the file says which request it is.
    #[error("cannot tell which request this is ({0}); pass --operation create-user-pool, set-user-pool-mfa-config or admin-create-user")]
    Undetectable(String),
}

impl LoadError {
    /// The problem this error is, for display next to the field it names.
    pub fn as_problem(&self) -> Problem {
        match self {
            LoadError::Shape { path, message } => Problem::error(path.clone(), message.clone()),
            LoadError::Invalid(problems) if !problems.is_empty() => problems[0].clone(),
            other => Problem::error("", other.to_string()),
        }
    }

    /// Every problem this error is: one, or all of an invalid request's.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            LoadError::Invalid(problems) if !problems.is_empty() => problems.clone(),
            other => vec![other.as_problem()],
        }
    }
}

/// The first problem, and how many more there are.
fn summary(problems: &[Problem]) -> String {
    match problems {
        [] => "the request does not fit the service model".into(),
        [only] => only.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

const ADMIN_CREATE_USER_MEMBERS: &[&str] = &[
    "UserPoolId",
    "Username",
    "UserAttributes",
    "ValidationData",
    "TemporaryPassword",
    "ForceAliasCreation",
    "MessageAction",
    "DesiredDeliveryMediums",
    "ClientMetadata",
];

/// A pool as the service describes it: the `UserPool` member of
/// DescribeUserPool and, when available, the GetUserPoolMfaConfig output.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribedPool {
    pub user_pool: Value,
    pub mfa_config: Option<Value>,
}

/// A described pool → a document that creates a pool like it. With the MFA
/// configuration, TOTP and email factors become the follow-up call.
pub fn from_described(described: &DescribedPool) -> Result<LoadOutcome, LoadError> {
    let mut outcome = load_value(
        serde_json::json!({ "UserPool": described.user_pool }),
        Some(Operation::CreateUserPool),
    )?;
    let Some(mfa) = &described.mfa_config else {
        return Ok(outcome);
    };
    let mut config = typed_mfa_config(mfa.clone())?;
    config.user_pool_id = None;
    if let Loaded::Pool(doc) = &mut outcome.loaded {
        let totp = config
            .software_token_mfa_configuration
            .as_ref()
            .is_some_and(|t| t.enabled);
        let email = config.email_mfa_configuration.is_some();
        // A mode with no factor at all is carried by the second call as it
        // is: CreateUserPool's mode alone would read as SMS. Unless the pool
        // has SMS settings: then the mode alone is SMS MFA, as CreateUserPool
        // makes it (Cognito then lists the SMS factor; moto lists none).
        let on = matches!(config.mfa_configuration.as_deref(), Some("ON" | "OPTIONAL"));
        let no_factor = !totp && !email && config.sms_mfa_configuration.is_none();
        let sms_by_mode = doc.create.sms_configuration.is_some();
        let second_call = totp
            || email
            || config.web_authn_configuration.is_some()
            || (on && no_factor && !sms_by_mode);
        if second_call {
            doc.create.mfa_configuration = Some("OFF".into());
            doc.mfa = Some(config);
            outcome.notes.retain(|n| n.path != "MfaConfiguration");
        }
    }
    Ok(outcome)
}

/// GetUserPoolMfaConfig output as the request that sets it (the same
/// members; `UserPoolId` absent).
pub fn typed_mfa_config(value: Value) -> Result<SetUserPoolMfaConfigRequest, LoadError> {
    typed(value, "MfaConfig")
}

/// Parses `text`; `forced` overrides detection (`--operation`).
pub fn load_str(text: &str, forced: Option<Operation>) -> Result<LoadOutcome, LoadError> {
    if text.starts_with('\u{feff}') {
        return Err(LoadError::Syntax {
            line: 1,
            column: 1,
            message: "the file starts with a UTF-8 byte order mark (BOM); save it without one"
                .into(),
        });
    }
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            line: 1,
            column: 1,
            message: "the file is empty; it should hold one JSON object".into(),
        });
    }
    let value = super::strict_json::parse(text).map_err(|e| {
        match super::strict_json::duplicate_path(&e) {
            Some(path) => LoadError::Shape {
                path: path
                    .strip_prefix("CreateUserPool.")
                    .map(str::to_owned)
                    .unwrap_or(path),
                message: format!(
                    "written twice (line {}); keep one, or the first value would be lost",
                    e.line()
                ),
            },
            None => LoadError::Syntax {
                line: e.line(),
                column: e.column(),
                message: syntax_in_words(&strip_position(&e.to_string())),
            },
        }
    })?;
    load_value(value, forced)
}

pub fn load_value(value: Value, forced: Option<Operation>) -> Result<LoadOutcome, LoadError> {
    let Value::Object(object) = value else {
        return Err(LoadError::Shape {
            path: ".".into(),
            message: "expected a JSON object with the request's members".into(),
        });
    };
    let kind = match forced {
        Some(Operation::AdminCreateUser) => InputKind::AdminCreateUser,
        Some(Operation::CreateUserPool) if object.contains_key("UserPool") => {
            InputKind::DescribeUserPool
        }
        // A plan document holds the CreateUserPool request under its name.
        Some(Operation::CreateUserPool) if is_plan(&object) => InputKind::PoolPlan,
        Some(Operation::CreateUserPool) => InputKind::CreateUserPool,
        Some(_) if is_plan(&object) => InputKind::PoolPlan,
        Some(Operation::SetUserPoolMfaConfig) => InputKind::SetUserPoolMfaConfig,
        // A later call of a plan, on its own (an exported per-call file).
        Some(op) => InputKind::LaterCall(op),
        None => detect(&object)?,
    };
    let written = super::written::Written::of(kind, &object);
    let mut notes = Vec::new();
    let loaded = match kind {
        InputKind::AdminCreateUser => Loaded::User(strict(
            Value::Object(object),
            &Strict::request("AdminCreateUser"),
            &mut notes,
        )?),
        InputKind::SetUserPoolMfaConfig => {
            let mut request: SetUserPoolMfaConfigRequest = strict(
                Value::Object(object),
                &Strict::request("SetUserPoolMfaConfig"),
                &mut notes,
            )?;
            if request.user_pool_id.as_deref() == Some(NEW_POOL_ID_PLACEHOLDER) {
                request.user_pool_id = None;
                notes.push(Problem::warning(
                    "UserPoolId",
                    format!(
                        "{NEW_POOL_ID_PLACEHOLDER} is the placeholder for the id CreateUserPool returns; to send this call on its own, put the pool's id here and use aws cognito-idp set-user-pool-mfa-config --cli-input-json file://FILE"
                    ),
                ));
            }
            Loaded::Mfa(request)
        }
        InputKind::CreateUserPool => {
            let create = strict(
                Value::Object(object),
                &Strict::request("CreateUserPool"),
                &mut notes,
            )?;
            Loaded::Pool(PoolDocument::new(create))
        }
        InputKind::PoolPlan => Loaded::Pool(super::load_plan::plan_document(object, &mut notes)?),
        InputKind::LaterCall(op) => Loaded::Call(super::load_call::read(op, object, &mut notes)?),
        InputKind::DescribeUserPool => Loaded::Pool(PoolDocument::new(
            super::describe::from_describe(object, &mut notes)?,
        )),
    };
    let loaded = match loaded {
        Loaded::Pool(mut doc) => {
            normalize_pool(&mut doc.create, &mut notes)?;
            if kind == InputKind::DescribeUserPool {
                super::describe::drop_default_email_texts(&mut doc.create, &mut notes);
            }
            Loaded::Pool(doc)
        }
        user => user,
    };
    Ok(LoadOutcome {
        kind,
        loaded,
        notes,
        written,
    })
}

/// Whether the object is a plan document: keyed by the operations it runs.
fn is_plan(object: &Map<String, Value>) -> bool {
    object.keys().any(|k| super::load_plan::is_plan_member(k))
}

fn detect(object: &Map<String, Value>) -> Result<InputKind, LoadError> {
    if object.contains_key("UserPool") {
        return Ok(InputKind::DescribeUserPool);
    }
    if is_plan(object) {
        return Ok(InputKind::PoolPlan);
    }
    if let Some(op) = super::load_call::detect(object) {
        return Ok(InputKind::LaterCall(op));
    }
    // Members only SetUserPoolMfaConfig has: the exported second call.
    let mfa_only = [
        "SmsMfaConfiguration",
        "SoftwareTokenMfaConfiguration",
        "EmailMfaConfiguration",
        "WebAuthnConfiguration",
    ];
    let mfa_members = table::model().operation("SetUserPoolMfaConfig");
    // `UserPoolId` with `MfaConfiguration` alone is that call too (a pool
    // request has no `UserPoolId`; a user request needs a `Username`).
    let mode_for_a_pool =
        object.contains_key("UserPoolId") && object.contains_key("MfaConfiguration");
    if (mode_for_a_pool || object.keys().any(|k| mfa_only.contains(&k.as_str())))
        && object.keys().all(|k| mfa_members.member(k).is_some())
    {
        return Ok(InputKind::SetUserPoolMfaConfig);
    }
    let user_keys = object
        .keys()
        .filter(|k| ADMIN_CREATE_USER_MEMBERS.contains(&k.as_str()))
        .count();
    if user_keys > 0 && user_keys * 2 >= object.len() {
        return Ok(InputKind::AdminCreateUser);
    }
    if object.is_empty() {
        return Err(LoadError::Undetectable("the object is empty".into()));
    }
    // Anything else is read as a pool request; unknown members are then
    // reported by name rather than guessed at.
    Ok(InputKind::CreateUserPool)
}

/// How one request inside a file is read strictly.
pub(super) struct Strict<'a> {
    pub operation: &'a str,
    /// Where the request sits in the file (`SetUserPoolMfaConfig` in a plan).
    pub prefix: &'a str,
    pub filled_by_tool: &'a [&'a str],
}

impl<'a> Strict<'a> {
    pub(super) fn request(operation: &'a str) -> Self {
        Self {
            operation,
            prefix: "",
            filled_by_tool: &[],
        }
    }
}

/// Reads one request exactly as written: the service model's shape first
/// (JSON types, no `null`, no unknown or unsupported member, no missing
/// required member inside a structure), so nothing is reinterpreted; then the
/// typed request, noting every member the SDK will send that the file did not
/// write (`RequireUppercase: false` under a written `PasswordPolicy`).
pub(super) fn strict<T: DeserializeOwned + serde::Serialize>(
    value: Value,
    how: &Strict,
    notes: &mut Vec<Problem>,
) -> Result<T, LoadError> {
    let check = engine::Check {
        table: table::model().operation(how.operation),
        depth: engine::Depth::Shape,
        prefix: how.prefix,
        filled_by_tool: how.filled_by_tool,
    };
    if !check.run(&value).is_empty() {
        // Refused as written: say everything wrong with it, values too, so
        // one run names every problem (a request the file cannot even be
        // read as still gets each of its bad values named).
        let everything = engine::Check {
            depth: engine::Depth::Values,
            ..check
        };
        return Err(LoadError::Invalid(everything.run(&value)));
    }
    let request: T = typed(value.clone(), how.prefix)?;
    let sent = serde_json::to_value(&request).expect("request types always serialize");
    let mut filled = Vec::new();
    engine::filled_in(&value, &sent, how.prefix, &mut filled);
    for (path, sent) in filled {
        let meaning = what_it_means(&path);
        notes.push(Problem::warning(
            path,
            format!(
                "not in the file, but the AWS SDK for Rust sends it as {sent} once its structure is there{meaning}"
            ),
        ));
    }
    Ok(request)
}

/// What an always-sent default does to the pool, for the members where it
/// matters (Cognito's defaults for a new pool, from the API reference).
fn what_it_means(path: &str) -> &'static str {
    const CHOOSE: &str = "; write it to choose the value";
    let member = path.rsplit('.').next().unwrap_or(path);
    match member {
        "RequireUppercase" | "RequireLowercase" | "RequireNumbers" | "RequireSymbols" => {
            " (weaker than Cognito's default policy, which requires it); write it to choose the value"
        }
        "TemporaryPasswordValidityDays" => " (0: Cognito's default of 7 days); write it to choose the value",
        "UnusedAccountValidityDays" => " (0: TemporaryPasswordValidityDays decides); write it to choose the value",
        "AllowAdminCreateUserOnly" => " (false: anyone may sign up); write it to choose the value",
        // With EumsSms the empty ARN is what the service expects; nothing to do.
        "SnsCallerArn" => " (empty: SMS goes through EumsSms when that is given; otherwise give an SNS role ARN)",
        _ => CHOOSE,
    }
}

/// Deserializes with the path of the first misfit, and a "did you mean" for
/// misspelt members.
pub(super) fn typed<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, LoadError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let inner = err.inner().to_string();
        let path = api_path(err.path());
        let (path, message) = match unknown_field(&inner) {
            Some((field, expected)) => {
                let path = join(prefix, &path);
                let hint = engine::closest(
                    &field,
                    &expected.iter().map(String::as_str).collect::<Vec<_>>(),
                )
                .map(|m| format!("; did you mean {m}?"))
                .unwrap_or_default();
                (path, format!("unknown member{hint}"))
            }
            None => (join(prefix, &path), in_api_words(&inner)),
        };
        let path = path
            .strip_prefix("CreateUserPool.")
            .map(str::to_owned)
            .unwrap_or(path);
        LoadError::Shape { path, message }
    })
}

/// serde's "invalid type: boolean `false`, expected a string" in the words
/// the rest of the tool uses: "must be a string; found boolean `false`".
fn in_api_words(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_owned();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_owned();
    };
    let expected = match expected {
        "a boolean" => "true or false",
        "a sequence" => "a list (a JSON array)",
        e if e.starts_with("struct ") || e == "a map" => "a JSON object",
        e if e.starts_with("i32") || e.starts_with("i64") => "a whole number",
        e => e,
    };
    format!("must be {expected}; found {found}")
}

/// Members whose keys are data, not member names.
const MAP_MEMBERS: &[&str] = &["UserPoolTags", "AcrConfiguration", "ClientMetadata"];

/// Whether a member's keys are data (tag keys, metadata keys), not members.
pub(super) fn is_map_member(name: &str) -> bool {
    MAP_MEMBERS.contains(&name)
}

/// A deserializer path in the API notation problems use: `Schema[0].Name`,
/// `UserPoolTags["env"]` (serde writes map keys like members: `UserPoolTags.env`).
fn api_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut in_map = false;
    for segment in path.iter() {
        let name = match segment {
            Segment::Seq { index } => {
                out.push_str(&format!("[{index}]"));
                in_map = false;
                continue;
            }
            Segment::Map { key } if in_map || !engine::is_plain_member(key) => {
                out.push_str(&format!("[{}]", Value::String(key.clone())));
                in_map = false;
                continue;
            }
            Segment::Map { key } => key.as_str(),
            Segment::Enum { variant } => variant.as_str(),
            Segment::Unknown => "?",
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
        in_map = MAP_MEMBERS.contains(&name);
    }
    out
}

/// A top-level member's path (see [`engine::is_plain_member`]).
pub(super) fn member_path(name: &str) -> String {
    engine::join_path("", name)
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        // A list index follows its list directly: `SchemaAttributes[1]`.
        _ if b.starts_with('[') => format!("{a}{b}"),
        _ => format!("{a}.{b}"),
    }
}

/// Picks serde's "unknown field `X`, expected one of `A`, `B`" apart.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field.to_owned(), expected))
}

/// serde_json's syntax messages in plain words.
fn syntax_in_words(message: &str) -> String {
    let words = if message.starts_with("EOF while parsing") {
        "the file ends before the JSON value does (a missing } ] or \")"
    } else if message == "expected value" {
        "a JSON value was expected here"
    } else if message == "trailing characters" {
        "more text follows the JSON value; a request file holds one JSON object"
    } else if message == "key must be a string" {
        "member names must be in double quotes"
    } else if message.starts_with("control character") {
        "a string holds a raw control character; write it escaped (\\n, \\t, \\u0007)"
    } else if message == "invalid escape" {
        "a string holds an invalid escape (a backslash must start \\n, \\\", \\\\, \\uXXXX …)"
    } else if let Some(rest) = message.strip_prefix("expected ") {
        return format!("expected {} here", rest.replace('`', ""));
    } else {
        message
    };
    words.to_owned()
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A deprecated member: its name, its value, its slot in the template, the
/// slot's path.
type Move<'a> = (
    &'a str,
    Option<String>,
    fn(&mut VerificationMessageTemplate) -> &mut Option<String>,
    &'a str,
);

/// Moves the deprecated top-level verification members into the template.
fn normalize_pool(
    request: &mut CreateUserPoolRequest,
    notes: &mut Vec<Problem>,
) -> Result<(), LoadError> {
    let moves: [Move; 3] = [
        (
            "SmsVerificationMessage",
            request.sms_verification_message.take(),
            |t| &mut t.sms_message,
            "VerificationMessageTemplate.SmsMessage",
        ),
        (
            "EmailVerificationMessage",
            request.email_verification_message.take(),
            |t| &mut t.email_message,
            "VerificationMessageTemplate.EmailMessage",
        ),
        (
            "EmailVerificationSubject",
            request.email_verification_subject.take(),
            |t| &mut t.email_subject,
            "VerificationMessageTemplate.EmailSubject",
        ),
    ];
    for (old, value, slot, new) in moves {
        let Some(value) = value else { continue };
        let template = request
            .verification_message_template
            .get_or_insert_with(Default::default);
        let target = slot(template);
        match target {
            None => {
                *target = Some(value);
                notes.push(Problem::warning(
                    old,
                    format!("deprecated by the API; moved to {new}"),
                ));
            }
            Some(existing) if *existing == value => {}
            // Dropping either would lose what the operator wrote.
            Some(_) => {
                return Err(LoadError::Shape {
                    path: old.to_owned(),
                    message: format!(
                        "deprecated by the API and different from {new}, which would take precedence; keep one"
                    ),
                })
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(text: &str) -> (PoolDocument, Vec<Problem>) {
        let outcome = load_str(text, None).expect("loads");
        match outcome.loaded {
            Loaded::Pool(doc) => (doc, outcome.notes),
            other => panic!("expected a pool, got {other:?}"),
        }
    }

    #[test]
    fn unknown_member_is_named_with_a_suggestion() {
        let err = load_str(
            r#"{"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLenght":8}}}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Policies.PasswordPolicy.MinimumLenght: unknown member; did you mean MinimumLength?"
        );
    }

    #[test]
    fn wrong_type_names_the_path() {
        let err = load_str(
            r#"{"PoolName":"p","Schema":[{"Name":"a","Mutable":"yes"}]}"#,
            None,
        )
        .unwrap_err();
        let problem = err.as_problem();
        assert_eq!(problem.path, "Schema[0].Mutable");
        assert!(
            problem.message.contains("must be true or false"),
            "{problem}"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = load_str("{\n  \"PoolName\": \"p\",\n}", None).unwrap_err();
        match err {
            LoadError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn detects_each_kind() {
        let kind = |t: &str| load_str(t, None).map(|o| o.kind);
        assert_eq!(kind(r#"{"PoolName":"p"}"#), Ok(InputKind::CreateUserPool));
        assert_eq!(
            kind(r#"{"UserPoolId":"us-east-1_a","Username":"u"}"#),
            Ok(InputKind::AdminCreateUser)
        );
        assert_eq!(
            kind(r#"{"UserPool":{"Id":"x","Name":"p"}}"#),
            Ok(InputKind::DescribeUserPool)
        );
        assert_eq!(
            kind(
                r#"{"CreateUserPool":{"PoolName":"p"},"SetUserPoolMfaConfig":{"MfaConfiguration":"ON"}}"#
            ),
            Ok(InputKind::PoolPlan)
        );
        assert!(matches!(kind("{}"), Err(LoadError::Undetectable(_))));
        // The MFA mode alone for a pool: SetUserPoolMfaConfig, not a user.
        assert_eq!(
            kind(r#"{"UserPoolId":"us-east-1_a","MfaConfiguration":"OFF"}"#),
            Ok(InputKind::SetUserPoolMfaConfig)
        );
        assert_eq!(
            kind(r#"{"MfaConfiguration":"OFF"}"#),
            Ok(InputKind::CreateUserPool)
        );
    }

    #[test]
    fn deprecated_messages_move_into_the_template() {
        let (doc, notes) = pool(r#"{"PoolName":"p","SmsVerificationMessage":"code {####}"}"#);
        assert_eq!(doc.create.sms_verification_message, None);
        assert_eq!(
            doc.create
                .verification_message_template
                .and_then(|t| t.sms_message)
                .as_deref(),
            Some("code {####}")
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].path, "SmsVerificationMessage");
    }

    #[test]
    fn describe_output_becomes_a_request() {
        let text = r#"{"UserPool":{"Id":"us-east-1_abc","Name":"clone-me","Arn":"arn:x","Status":"Enabled",
            "CreationDate":1547833345.777,"LastModifiedDate":"2019-01-18T17:02:25Z","EstimatedNumberOfUsers":3,
            "MfaConfiguration":"OFF",
            "Policies":{"PasswordPolicy":{"MinimumLength":8,"RequireUppercase":true,"TemporaryPasswordValidityDays":7}},
            "AdminCreateUserConfig":{"UnusedAccountValidityDays":7,"AllowAdminCreateUserOnly":true},
            "SchemaAttributes":[
              {"Name":"sub","AttributeDataType":"String","Mutable":false,"Required":true},
              {"Name":"email","AttributeDataType":"String","Mutable":true,"Required":true,
               "StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}},
              {"Name":"name","AttributeDataType":"String","Mutable":true,"Required":false},
              {"Name":"custom:team","AttributeDataType":"String","Mutable":true,"Required":false},
              {"Name":"dev:custom:score","AttributeDataType":"Number","DeveloperOnlyAttribute":true}
            ]}}"#;
        let (doc, notes) = pool(text);
        let c = &doc.create;
        assert_eq!(c.pool_name.as_deref(), Some("clone-me"));
        let names: Vec<_> = c
            .schema
            .iter()
            .flatten()
            .map(|a| a.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["email", "team", "score"]);
        assert_eq!(
            c.admin_create_user_config
                .as_ref()
                .unwrap()
                .unused_account_validity_days,
            0
        );
        assert!(notes
            .iter()
            .any(|n| n.path == "AdminCreateUserConfig.UnusedAccountValidityDays"));
    }

    #[test]
    fn describe_output_with_a_member_the_sdk_lacks_loads_with_a_warning() {
        let (doc, notes) =
            pool(r#"{"UserPool":{"Name":"p","DcrConfiguration":{"EnableStatus":"ENABLED"}}}"#);
        assert_eq!(doc.create.pool_name.as_deref(), Some("p"));
        assert_eq!(notes[0].path, "UserPool.DcrConfiguration");
        assert!(
            notes[0].message.starts_with("not copied"),
            "{}",
            notes[0].message
        );
        let err = load_str(r#"{"PoolName":"p","DcrConfiguration":{}}"#, None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("DcrConfiguration: not supported yet"),
            "{err}"
        );
    }

    #[test]
    fn describe_output_with_unknown_member_is_refused() {
        let err = load_str(r#"{"UserPool":{"Name":"p","Shiny":1}}"#, None).unwrap_err();
        assert!(
            matches!(err, LoadError::Shape { ref path, .. } if path == "UserPool.Shiny"),
            "{err:?}"
        );
    }

    #[test]
    fn odd_member_names_are_quoted_in_the_path() {
        // Found by fuzzing: an empty member name made an empty path.
        let path = |text: &str| load_str(text, None).unwrap_err().as_problem().path;
        assert_eq!(path(r#"{"PoolName":"p","":1}"#), r#"[""]"#);
        assert_eq!(
            path(r#"{"PoolName":"p","Policies":{"a.b":1}}"#),
            r#"Policies["a.b"]"#
        );
        assert_eq!(path(r#"{"UserPool":{"Name":"p"}," ":1}"#), r#"[" "]"#);
        assert_eq!(
            path(r#"{"PoolName":"p","UserPoolTags":{"env":1}}"#),
            r#"UserPoolTags["env"]"#
        );
    }

    #[test]
    fn a_misfit_describe_name_is_reported_as_name() {
        let err = load_str(r#"{"UserPool":{"Name":7}}"#, None).unwrap_err();
        assert!(
            matches!(err, LoadError::Shape { ref path, .. } if path == "UserPool.Name"),
            "{err:?}"
        );
    }

    #[test]
    fn plan_document_drops_a_written_pool_id() {
        let (doc, notes) = pool(
            r#"{"CreateUserPool":{"PoolName":"p"},"SetUserPoolMfaConfig":{"UserPoolId":"us-east-1_x","MfaConfiguration":"ON"}}"#,
        );
        assert_eq!(doc.mfa.unwrap().user_pool_id, None);
        assert_eq!(notes[0].path, "SetUserPoolMfaConfig.UserPoolId");
    }
}
