//! The service-model table against botocore itself.
//!
//! * The table in `assets/service-model.json` is what the pinned botocore
//!   generates (`scripts/gen-service-model.py --check`).
//! * A differential test: `scripts/model_oracle.py`, an independent Python
//!   reading of botocore's model (not of our table), generates requests
//!   (valid ones and single mutations) with its own verdict; the tool reads
//!   and validates each the way a file is read and validated, and the two must
//!   agree on every request, except where a documented rule of the tool says
//!   otherwise (listed below with its source).
//! * The field specs, the help keys and the secret members name real members.
//!
//! These run Python from the project's `.venv` (scripts/test.sh makes it) or,
//! failing that, `python3` on PATH; without botocore they fail, never skip.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::help;
use cognito_wizard::model::load::{self, Loaded};
use cognito_wizard::model::{values, Operation};
use cognito_wizard::validate::{self, engine, table};
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Command {
    let venv: PathBuf = root().join(".venv/bin/python3");
    let mut command = Command::new(if venv.exists() {
        venv.into_os_string()
    } else {
        "python3".into()
    });
    command.current_dir(root());
    command
}

fn run_python(args: &[&str]) -> String {
    run_python_with(args, "")
}

fn run_python_with(args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let mut child = python()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/test.sh sets up .venv with botocore)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("python3 reads its input");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "python3 {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn the_table_is_what_the_pinned_botocore_generates() {
    run_python(&["scripts/gen-service-model.py", "--check"]);
    let pinned = std::fs::read_to_string(root().join("scripts/requirements-test.txt")).unwrap();
    let botocore = &table::model().botocore;
    assert!(
        pinned
            .lines()
            .any(|l| l.trim() == format!("botocore=={botocore}")),
        "the table says botocore {botocore}; scripts/requirements-test.txt pins another"
    );
}

/// Each pattern of the table, translated by the tool, decides like the
/// oracle's own translation (Python's `regex` module with Java's meaning) on
/// probes chosen for the differences between Java and other engines.
#[test]
fn every_pattern_of_the_table_means_what_java_means() {
    let mut patterns = BTreeSet::new();
    let model = table::model();
    for operation in model.operation_names() {
        for member in model.operation(operation).members() {
            if let Some(p) = &member.pattern {
                patterns.insert(p.java.clone());
            }
        }
    }
    let samples: Vec<String> = [
        "",
        "a",
        "abc",
        "Ab9_",
        "my pool",
        "é",
        "日本",
        "a\u{a0}b",
        "a\u{2028}b",
        "a\u{85}b",
        "a\u{200b}b",
        "a\u{e000}b",
        "a\tb",
        "a\nb",
        "a\rb",
        "a\u{b}b",
        "a\u{c}b",
        "a\u{7}b",
        "x{####}y",
        "x\n{####}",
        "{####}\u{2029}",
        "go {##here##}",
        "{##a\nb##}",
        "a@b",
        "a b@c",
        "Level1",
        "Level5",
        "level1",
        "us-east-1_AbC123",
        "us-east-1_",
        "a\"b",
        "a\\b",
        "!#~",
        "arn:aws:iam::123456789012:role/r",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:iam::12345678901a:role/r",
        "*",
        "+=,.@-",
        "😀",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let probe = json!({"patterns": patterns, "samples": samples});
    let verdicts: serde_json::Map<String, Value> = serde_json::from_str(&run_python_with(
        &["scripts/model_oracle.py", "--match"],
        &probe.to_string(),
    ))
    .expect("the oracle answers JSON");
    let mut differences = Vec::new();
    for pattern in &patterns {
        let ours = cognito_wizard::validate::java_regex::JavaPattern::new(pattern).unwrap();
        let java = verdicts[pattern].as_array().expect("a verdict per sample");
        for (sample, expected) in samples.iter().zip(java) {
            if ours.matches(sample) != expected.as_bool().unwrap() {
                differences.push(format!("{pattern:?} on {sample:?}: oracle says {expected}"));
            }
        }
    }
    assert!(patterns.len() >= 15, "only {} patterns", patterns.len());
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Where the tool reports a member the file wrote under a deprecated name.
const MOVED: &[(&str, &str)] = &[
    (
        "SmsVerificationMessage",
        "VerificationMessageTemplate.SmsMessage",
    ),
    (
        "EmailVerificationMessage",
        "VerificationMessageTemplate.EmailMessage",
    ),
    (
        "EmailVerificationSubject",
        "VerificationMessageTemplate.EmailSubject",
    ),
];

/// The tool's rules that refuse what the model accepts, each with its source.
const DOCUMENTED: &[(&str, &str)] = &[
    // API reference, CreateUserPool: VerificationMessageTemplate takes
    // precedence over the deprecated member; differing values are refused
    // rather than one dropped.
    (
        "SmsVerificationMessage",
        "deprecated by the API and different",
    ),
    (
        "EmailVerificationMessage",
        "deprecated by the API and different",
    ),
    (
        "EmailVerificationSubject",
        "deprecated by the API and different",
    ),
    // The AWS SDK for Rust this tool sends through has no such member yet.
    (
        "DcrConfiguration",
        "not supported yet by the AWS SDK for Rust",
    ),
];

struct Verdict {
    valid: bool,
    paths: BTreeSet<String>,
    messages: Vec<String>,
    /// The request as the tool would send it (valid reads only).
    sent: Option<Value>,
}

fn tool_verdict(operation: &str, request: &Value) -> Verdict {
    let (document, forced) = match operation {
        "CreateUserPool" => (request.clone(), Some(Operation::CreateUserPool)),
        "AdminCreateUser" => (request.clone(), Some(Operation::AdminCreateUser)),
        "SetUserPoolMfaConfig" => (
            json!({"CreateUserPool": {"PoolName": "p"}, "SetUserPoolMfaConfig": request}),
            None,
        ),
        other => panic!("unexpected operation {other}"),
    };
    let text = serde_json::to_string(&document).unwrap();
    let strip = |path: &str| {
        path.strip_prefix("SetUserPoolMfaConfig.")
            .unwrap_or(path)
            .to_owned()
    };
    let outcome = match load::load_str(&text, forced) {
        Ok(outcome) => outcome,
        Err(err) => {
            let problems = err.problems();
            return Verdict {
                valid: false,
                paths: problems.iter().map(|p| strip(&p.path)).collect(),
                messages: problems.iter().map(ToString::to_string).collect(),
                sent: None,
            };
        }
    };
    let (problems, sent) = match outcome.loaded {
        Loaded::Pool(doc) => {
            let sent = match operation {
                "CreateUserPool" => serde_json::to_value(&doc.create).unwrap(),
                _ => serde_json::to_value(doc.mfa.as_ref().expect("the MFA call")).unwrap(),
            };
            (validate::model_problems_pool(&doc), sent)
        }
        Loaded::Mfa(_) | Loaded::Call(_) => {
            panic!("the MFA call is read inside a plan document here")
        }
        Loaded::User(user) => (
            validate::model_problems_user(&user),
            serde_json::to_value(&user).unwrap(),
        ),
    };
    Verdict {
        valid: problems.is_empty(),
        paths: problems.iter().map(|p| strip(&p.path)).collect(),
        messages: problems.iter().map(ToString::to_string).collect(),
        sent: Some(sent),
    }
}

/// Whether `path` is a member a documented rule of the tool refuses, or inside one.
fn is_documented_member(path: &str) -> bool {
    DOCUMENTED.iter().any(|(member, _)| {
        path == *member
            || path.starts_with(&format!("{member}."))
            || path.starts_with(&format!("{member}["))
    })
}

/// The oracle writes members a documented rule refuses (DcrConfiguration, a
/// deprecated member next to its replacement) into half its requests, which
/// would hide the mutation under test; they stay only where the mutation is
/// theirs.
fn as_an_operator_would_write(operation: &str, request: &Value, mutated: &str) -> Value {
    let mut request = request.clone();
    if operation != "CreateUserPool" {
        return request;
    }
    let Some(object) = request.as_object_mut() else {
        return request;
    };
    let mine = |member: &str| {
        mutated == member
            || mutated.starts_with(&format!("{member}."))
            || mutated.starts_with(&format!("{member}["))
    };
    if !mine("DcrConfiguration") {
        object.remove("DcrConfiguration");
    }
    for (old, new) in MOVED {
        if mine(old) {
            continue;
        }
        let slot = new.trim_start_matches("VerificationMessageTemplate.");
        let replacement = object
            .get("VerificationMessageTemplate")
            .and_then(|t| t.get(slot))
            .cloned();
        if replacement.is_some_and(|r| object.get(*old) != Some(&r)) {
            object.remove(*old);
        }
    }
    request
}

/// The oracle's paths with deprecated members renamed where the tool moves them.
fn expected_paths(oracle: &[String], request: &Value) -> BTreeSet<String> {
    oracle
        .iter()
        .map(|p| {
            MOVED
                .iter()
                .find(|(old, new)| {
                    let slot = new.trim_start_matches("VerificationMessageTemplate.");
                    p == old
                        && request
                            .pointer(&format!("/VerificationMessageTemplate/{slot}"))
                            .is_none()
                })
                .map_or_else(|| p.clone(), |(_, new)| (*new).to_owned())
        })
        .collect()
}

fn documented(verdict: &Verdict) -> bool {
    verdict.messages.iter().all(|m| {
        DOCUMENTED
            .iter()
            .any(|(path, words)| m.starts_with(&format!("{path}: ")) && m.contains(words))
    })
}

/// Every member path (as a pattern) the request writes, walked with the table
/// (a map's keys are data, a structure's are members).
fn written_patterns(
    table: &table::OperationTable,
    value: &Value,
    pattern: &str,
    out: &mut BTreeSet<String>,
) {
    let is_map = table
        .member(pattern)
        .is_some_and(|m| m.kind == table::Kind::Map);
    match value {
        Value::Object(members) if is_map => {
            for item in members.values() {
                out.insert(format!("{pattern}{{key}}"));
                out.insert(format!("{pattern}{{value}}"));
                written_patterns(table, item, &format!("{pattern}{{value}}"), out);
            }
        }
        Value::Object(members) => {
            for (name, child) in members {
                let path = if pattern.is_empty() {
                    name.clone()
                } else {
                    format!("{pattern}.{name}")
                };
                out.insert(path.clone());
                written_patterns(table, child, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.insert(format!("{pattern}[]"));
                written_patterns(table, item, &format!("{pattern}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_tool_and_an_independent_reading_of_the_model_agree() {
    let output = run_python(&["scripts/model_oracle.py", "--seed", "7", "--count", "300"]);
    let mut disagreements = Vec::new();
    let mut cases = 0;
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for line in output.lines() {
        let case: Value = serde_json::from_str(line).expect("oracle lines are JSON");
        let operation = case["operation"].as_str().unwrap();
        let request = &case["request"];
        let oracle_valid = case["valid"].as_bool().unwrap();
        let oracle: Vec<String> = serde_json::from_value(case["problems"].clone()).unwrap();
        let mutated = case["path"].as_str().unwrap_or("");
        let request = &as_an_operator_would_write(operation, request, mutated);
        let tool = tool_verdict(operation, request);
        cases += 1;
        // One problem, one line: values with line breaks are shown escaped.
        for message in &tool.messages {
            if message.contains(['\n', '\r', '\u{2028}', '\u{85}']) {
                disagreements.push(format!("a problem spans lines: {message:?}"));
            }
        }
        let agree = match (oracle_valid, tool.valid) {
            (true, true) => true,
            (true, false) => documented(&tool),
            (false, true) => false,
            (false, false) => {
                let expected = expected_paths(&oracle, request);
                if tool.sent.is_none() {
                    // A file refused as written names every problem, at the
                    // paths it has them.
                    let as_written: BTreeSet<String> = oracle.iter().cloned().collect();
                    tool.paths == as_written || (is_documented_member(mutated) && documented(&tool))
                } else {
                    tool.paths == expected
                }
            }
        };
        if !agree {
            disagreements.push(format!(
                "{operation} {} at {}: oracle {} {oracle:?}; tool {} {:?}\n  request: {}",
                case["mutation"],
                case["path"],
                if oracle_valid { "accepts" } else { "rejects" },
                if tool.valid { "accepts" } else { "rejects" },
                tool.messages,
                engine::short(request),
            ));
        }
        // Nothing written is dropped: every member of a valid request is sent.
        if let (true, Some(sent)) = (oracle_valid && tool.valid, &tool.sent) {
            let table = table::model().operation(operation);
            let mut written = BTreeSet::new();
            written_patterns(table, request, "", &mut written);
            let mut kept = BTreeSet::new();
            written_patterns(table, sent, "", &mut kept);
            for path in &written {
                let moved = MOVED
                    .iter()
                    .find(|(old, _)| old == path)
                    .map(|(_, new)| *new);
                let dropped_by_tool = operation == "SetUserPoolMfaConfig" && path == "UserPoolId";
                if !kept.contains(path)
                    && !moved.is_some_and(|m| kept.contains(m))
                    && !dropped_by_tool
                {
                    disagreements.push(format!("{operation}: {path} was written but is not sent"));
                }
                seen.insert((operation.to_owned(), path.clone()));
            }
        }
    }
    assert!(cases >= 900, "only {cases} cases from the oracle");
    assert!(
        disagreements.is_empty(),
        "{} of {cases} requests judged differently:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Every member the model has is either sent by the tool (it came through a
    // valid request above) or listed as not in the SDK, with what to do.
    let model = table::model();
    let mut unsupported = Vec::new();
    for operation in ["CreateUserPool", "SetUserPoolMfaConfig", "AdminCreateUser"] {
        for member in model.operation(operation).members() {
            let listed = engine::NOT_IN_SDK
                .iter()
                .any(|(p, _)| member.path == *p || member.path.starts_with(&format!("{p}.")));
            if !listed && !seen.contains(&(operation.to_owned(), member.path.clone())) {
                unsupported.push(format!("{operation} {}", member.path));
            }
        }
    }
    assert!(
        unsupported.is_empty(),
        "members of the model that no valid request carried through the tool (add them to the \
         model structs, or to NOT_IN_SDK with a reason):\n{}",
        unsupported.join("\n")
    );
}

/// A path as the wizard writes it (`SetUserPoolMfaConfig.X`, `AdminCreateUser.X`)
/// → its member in the table.
fn member_for(path: &str) -> Option<&'static table::Member> {
    let model = table::model();
    // The later calls' fields: `CreateUserPoolClient[].ClientName`, and the
    // Domain step's switch for the whole call.
    if let Some((operation, rest)) = cognito_wizard::app::plan_fields::operation_member(path) {
        return model.operation(operation).member(rest);
    }
    if path == "CreateUserPoolDomain" {
        return model.operation("CreateUserPoolDomain").member("Domain");
    }
    let (operation, rest) = match path.split_once('.') {
        Some(("SetUserPoolMfaConfig", rest)) => ("SetUserPoolMfaConfig", rest),
        Some(("AdminCreateUser", rest)) => ("AdminCreateUser", rest),
        _ => ("CreateUserPool", path),
    };
    model.operation(operation).member(rest)
}

#[test]
fn every_field_spec_names_a_member_of_the_model() {
    let mut unknown = Vec::new();
    for step in StepId::ALL {
        for field in step.fields() {
            // `wizard.*` fields are the wizard's own (MFA factors, recovery
            // order): each sets several members; they only need help.
            let own = field.path.starts_with("wizard.");
            if !own && member_for(field.path).is_none() {
                unknown.push(format!("{:?}: {}", step, field.path));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "field specs naming no member:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn every_help_entry_names_a_member_and_every_member_shown_has_help() {
    let help: serde_json::Map<String, Value> =
        serde_json::from_str(include_str!("../../assets/help.json")).unwrap();
    let operations = ["CreateUserPool", "SetUserPoolMfaConfig", "AdminCreateUser"];
    let unknown: Vec<&String> = help
        .keys()
        .filter(|k| !k.starts_with('_') && !k.starts_with("wizard."))
        .filter(|k| !operations.contains(&k.as_str()) && member_for(k).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "help entries for no member of the model: {unknown:?}"
    );
    // The wizard's own entries are read by name somewhere in src/.
    let mut sources = String::new();
    read_sources(&root().join("src"), &mut sources);
    let unread: Vec<&String> = help
        .keys()
        .filter(|k| k.starts_with("wizard."))
        .filter(|k| {
            // By name, or by a name built from a prefix: format!("wizard.tier.{tier}").
            let prefix = k.rsplit_once('.').map_or(k.as_str(), |(p, _)| p);
            !sources.contains(&format!("\"{k}\"")) && !sources.contains(&format!("\"{prefix}.{{"))
        })
        .collect();
    assert!(unread.is_empty(), "help entries nothing reads: {unread:?}");
    let mut missing = Vec::new();
    for step in StepId::ALL {
        for field in step.fields() {
            if help::field(field.path).is_none() {
                missing.push(field.path);
            }
        }
    }
    assert!(missing.is_empty(), "fields without help: {missing:?}");
}

fn read_sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// Enumeration values the wizard's choices leave out, with why (none today:
/// list one here, with its reason, rather than let values.rs drift).
const NOT_OFFERED: &[(&str, &str, &str)] = &[];

#[test]
fn the_enumerations_the_wizard_offers_are_the_models() {
    let cases: &[(&str, &[&str])] = &[
        ("MfaConfiguration", values::MFA_CONFIGURATION),
        ("DeletionProtection", values::DELETION_PROTECTION),
        ("AutoVerifiedAttributes[]", values::VERIFIED_ATTRIBUTES),
        ("AliasAttributes[]", values::ALIAS_ATTRIBUTES),
        ("UsernameAttributes[]", values::USERNAME_ATTRIBUTES),
        (
            "VerificationMessageTemplate.DefaultEmailOption",
            values::DEFAULT_EMAIL_OPTION,
        ),
        (
            "EmailConfiguration.EmailSendingAccount",
            values::EMAIL_SENDING_ACCOUNT,
        ),
        ("Schema[].AttributeDataType", values::ATTRIBUTE_DATA_TYPE),
        (
            "UserPoolAddOns.AdvancedSecurityMode",
            values::ADVANCED_SECURITY_MODE,
        ),
        (
            "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
            values::ADVANCED_SECURITY_ENABLED_MODE,
        ),
        (
            "AccountRecoverySetting.RecoveryMechanisms[].Name",
            values::RECOVERY_OPTION_NAME,
        ),
        ("UserPoolTier", values::USER_POOL_TIER),
        (
            "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
            values::PRE_TOKEN_LAMBDA_VERSION,
        ),
        (
            "LambdaConfig.CustomSMSSender.LambdaVersion",
            values::SENDER_LAMBDA_VERSION,
        ),
        (
            "Policies.SignInPolicy.AllowedFirstAuthFactors[]",
            values::AUTH_FACTOR,
        ),
        ("KeyConfiguration.KeyType", values::ENCRYPTION_KEY_TYPE),
        ("IssuerConfiguration.Type", values::ISSUER_TYPE),
    ];
    for (path, offered) in cases {
        let model = model_enum("CreateUserPool", path);
        let mut offered: BTreeSet<&str> = offered.iter().copied().collect();
        // Values the wizard does not offer yet (files and validation take them).
        for (at, value, _why) in NOT_OFFERED {
            if at == path {
                offered.insert(value);
            }
        }
        assert_eq!(
            offered, model,
            "{path}: values.rs and the service model differ"
        );
    }
}

/// The values the service model allows at `path` of `operation`.
fn model_enum(operation: &str, path: &str) -> BTreeSet<&'static str> {
    table::model()
        .operation(operation)
        .member(path)
        .unwrap_or_else(|| panic!("{operation} {path} is not in the table"))
        .enum_values
        .as_ref()
        .unwrap_or_else(|| panic!("{operation} {path} has no enum in the table"))
        .iter()
        .map(String::as_str)
        .collect()
}

/// The same for the later calls' choices (App clients, Domain).
#[test]
fn the_later_calls_enumerations_the_wizard_offers_are_the_models() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "CreateUserPoolClient",
            "ExplicitAuthFlows[]",
            values::EXPLICIT_AUTH_FLOWS,
        ),
        (
            "CreateUserPoolClient",
            "AllowedOAuthFlows[]",
            values::OAUTH_FLOWS,
        ),
        (
            "CreateUserPoolClient",
            "TokenValidityUnits.AccessToken",
            values::TIME_UNITS,
        ),
        (
            "CreateUserPoolClient",
            "PreventUserExistenceErrors",
            values::PREVENT_USER_EXISTENCE_ERRORS,
        ),
        (
            "CreateUserPoolClient",
            "RefreshTokenRotation.Feature",
            values::FEATURE_TYPE,
        ),
        (
            "CreateUserPoolDomain",
            "CustomDomainConfig.SecurityPolicy",
            values::DOMAIN_SECURITY_POLICY,
        ),
    ];
    for (operation, path, offered) in cases {
        let model = model_enum(operation, path);
        let offered: BTreeSet<&str> = offered.iter().copied().collect();
        assert_eq!(
            offered, model,
            "{operation} {path}: values.rs and the model differ"
        );
    }
}

#[test]
fn secret_members_are_members_and_sensitive_ones_are_accounted_for() {
    // What the tool masks (preview.rs) and what the model marks sensitive.
    let masked = [
        "SmsConfiguration.ExternalId",
        "SmsConfiguration.EumsSms.ExternalId",
        "SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration.ExternalId",
        "AdminCreateUser.TemporaryPassword",
    ];
    for path in masked {
        assert!(member_for(path).is_some(), "{path} is not in the table");
    }
    // Sensitive in the model, shown on purpose: the operator needs to see whom
    // they invite and with which attributes; previews of a user are masked as
    // a whole only for the password.
    let shown = [
        "Username",
        "UserAttributes[].Value",
        "ValidationData[].Value",
    ];
    for operation in ["CreateUserPool", "SetUserPoolMfaConfig", "AdminCreateUser"] {
        for member in table::model().operation(operation).members() {
            if member.sensitive {
                let prefix = match operation {
                    "CreateUserPool" => "",
                    "SetUserPoolMfaConfig" => "SetUserPoolMfaConfig.",
                    _ => "AdminCreateUser.",
                };
                let full = format!("{prefix}{}", member.path);
                let accounted = masked.contains(&full.as_str())
                    || (operation == "AdminCreateUser" && shown.contains(&member.path.as_str()));
                assert!(
                    accounted,
                    "{full} is sensitive in the model: mask it or say why it is shown"
                );
            }
        }
    }
}
