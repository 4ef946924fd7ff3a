//! The wizard's forms as data. A [`FieldSpec`] names the API path it edits and
//! how it is edited; rendering, key handling, validation display and help all
//! read these tables, so the steps are not hand-copied forms.

use crate::model::values as v;

/// How a field is edited and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text; empty removes the member.
    Text,
    /// Text shown masked unless revealed (SMS external id, passwords).
    Secret,
    /// Several lines (message templates), edited in a text area.
    Multiline,
    /// A required string member: empty is sent as `""`.
    RequiredText,
    /// An optional whole number; empty removes the member.
    Number,
    /// A whole number the SDK always sends; empty means 0.
    RequiredNumber,
    /// A boolean the SDK always sends once its structure exists.
    Toggle,
    /// An optional boolean: not set / true / false.
    OptionalBool,
    /// One of a fixed set of values, or not set.
    Choice(&'static [&'static str]),
    /// Any subset of a fixed set of values (a list member).
    Set(&'static [&'static str]),
    /// Whether an optional structure is sent at all.
    Section,
    /// A map of text to text, edited as `key=value` rows.
    Map,
    /// A field that is not one API member (see [`Virtual`]).
    Virtual(Virtual),
    /// A list of free text (URLs, scopes, attribute names), typed as one
    /// line separated by commas; empty removes the member.
    List,
}

/// Fields that map onto the document through logic rather than one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Virtual {
    /// MFA mode: OFF / ON / OPTIONAL.
    MfaMode,
    MfaSms,
    MfaTotp,
    MfaEmail,
    /// The account-recovery mechanism with this priority (1 or 2).
    Recovery(u8),
    /// Whether the plan has a domain (and with it its branding style).
    Domain,
    /// Managed login version 1 or 2; 2 adds the branding style.
    ManagedLogin,
    /// The plan's client the branding style is for.
    BrandingClient,
}

/// One field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The API path it edits; also the key of its help text and the path its
    /// validation problems carry. Virtual fields use a `wizard.` id.
    pub path: &'static str,
    pub kind: FieldKind,
    /// The optional structure that owns a required member: clearing the member
    /// removes the structure (e.g. `UserPoolAddOns` for `AdvancedSecurityMode`).
    pub owner: Option<&'static str>,
    /// Shown only when this path is present in the document.
    pub shown_if: Option<Condition>,
    /// Problems of another part of the request that this field causes, and
    /// where they are fixed (see [`Fix`]).
    pub fix: Option<Fix>,
}

/// Problems under `problems` show at the field that causes them (the step that
/// marks them), saying they are fixed at the field `at` on another step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fix {
    pub problems: &'static str,
    pub at: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The path is present.
    Present(&'static str),
    /// MFA is ON or OPTIONAL.
    MfaOn,
    MfaSms,
    MfaEmail,
}

pub(super) const fn f(path: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        path,
        kind,
        owner: None,
        shown_if: None,
        fix: None,
    }
}

impl FieldSpec {
    pub(super) const fn owned_by(mut self, owner: &'static str) -> Self {
        self.owner = Some(owner);
        self
    }

    pub(super) const fn inside(mut self, section: &'static str) -> Self {
        self.shown_if = Some(Condition::Present(section));
        self
    }

    const fn when(mut self, condition: Condition) -> Self {
        self.shown_if = Some(condition);
        self
    }

    const fn fixed_at(mut self, problems: &'static str, at: &'static str) -> Self {
        self.fix = Some(Fix { problems, at });
        self
    }

    /// Whether a problem at `path` shows at this field.
    pub fn shows(&self, path: &str) -> bool {
        covers(self.path, path) || self.fix.is_some_and(|f| covers(f.problems, path))
    }

    /// Whether typing edits this field (as opposed to toggling or cycling it).
    pub fn is_text(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Text
                | FieldKind::Secret
                | FieldKind::Multiline
                | FieldKind::RequiredText
                | FieldKind::Number
                | FieldKind::RequiredNumber
                | FieldKind::List
        )
    }
}

use FieldKind::*;

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepId {
    Start,
    SignIn,
    Password,
    Mfa,
    Attributes,
    Messages,
    Delivery,
    Triggers,
    Security,
    Review,
    Result,
    Invite,
    AppClients,
    Domain,
    Groups,
}

impl StepId {
    pub const ALL: [StepId; 15] = [
        StepId::Start,
        StepId::SignIn,
        StepId::Password,
        StepId::Mfa,
        StepId::Attributes,
        StepId::Messages,
        StepId::Delivery,
        StepId::Triggers,
        StepId::Security,
        StepId::AppClients,
        StepId::Domain,
        StepId::Groups,
        StepId::Review,
        StepId::Result,
        StepId::Invite,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepId::Start => "Start",
            StepId::SignIn => "Sign-in",
            StepId::Password => "Password",
            StepId::Mfa => "MFA & recovery",
            StepId::Attributes => "Attributes",
            StepId::Messages => "Messages",
            StepId::Delivery => "Email & SMS",
            StepId::Triggers => "Triggers",
            StepId::Security => "Security",
            StepId::Review => "Review",
            StepId::Result => "Result",
            StepId::Invite => "Invite users",
            StepId::AppClients => "App clients",
            StepId::Domain => "Domain",
            StepId::Groups => "Groups",
        }
    }

    /// The id its intro text has in `assets/help.json` (`_steps`).
    pub fn key(self) -> &'static str {
        match self {
            StepId::Start => "start",
            StepId::SignIn => "sign-in",
            StepId::Password => "password",
            StepId::Mfa => "mfa",
            StepId::Attributes => "attributes",
            StepId::Messages => "messages",
            StepId::Delivery => "delivery",
            StepId::Triggers => "triggers",
            StepId::Security => "security",
            StepId::Review => "review",
            StepId::Result => "result",
            StepId::Invite => "invite",
            StepId::AppClients => "app-clients",
            StepId::Domain => "domain",
            StepId::Groups => "groups",
        }
    }

    pub fn index(self) -> usize {
        StepId::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> StepId {
        StepId::ALL[(self.index() + 1).min(StepId::ALL.len() - 1)]
    }

    pub fn previous(self) -> StepId {
        StepId::ALL[self.index().saturating_sub(1)]
    }

    /// The generic form of this step; empty for steps with their own screen.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            StepId::SignIn => SIGN_IN,
            StepId::Password => PASSWORD,
            StepId::Mfa => MFA,
            StepId::Messages => MESSAGES,
            StepId::Delivery => DELIVERY,
            StepId::Triggers => TRIGGERS,
            StepId::Security => SECURITY,
            // The pattern tables (`CreateUserPoolClient[].…`); the form of
            // one entry is `plan_fields::indexed` of these.
            StepId::AppClients => super::plan_fields::CLIENT,
            StepId::Domain => super::plan_fields::DOMAIN,
            StepId::Groups => super::plan_fields::GROUP,
            _ => &[],
        }
    }

    /// Paths (beyond its fields) whose problems belong to this step.
    pub fn extra_paths(self) -> &'static [&'static str] {
        match self {
            StepId::Attributes => &["Schema"],
            StepId::Mfa => &[
                "MfaConfiguration",
                "AccountRecoverySetting",
                "SetUserPoolMfaConfig",
            ],
            StepId::AppClients => &["CreateUserPoolClient[]", "CreateResourceServer[]"],
            StepId::Domain => &["CreateUserPoolDomain", "CreateManagedLoginBranding"],
            StepId::Groups => &["CreateGroup[]"],
            _ => &[],
        }
    }

    /// Whether the step edits the pool (and so can carry its problems).
    pub fn edits_pool(self) -> bool {
        !matches!(
            self,
            StepId::Start | StepId::Review | StepId::Result | StepId::Invite
        )
    }
}

pub const SIGN_IN: &[FieldSpec] = &[
    f("PoolName", Text),
    f("UsernameAttributes", Set(v::USERNAME_ATTRIBUTES)),
    f("AliasAttributes", Set(v::ALIAS_ATTRIBUTES)),
    f("UsernameConfiguration.CaseSensitive", OptionalBool).owned_by("UsernameConfiguration"),
    f(
        "Policies.SignInPolicy.AllowedFirstAuthFactors",
        Set(v::AUTH_FACTOR),
    ),
];

pub const PASSWORD: &[FieldSpec] = &[
    f("Policies.PasswordPolicy.MinimumLength", Number),
    f("Policies.PasswordPolicy.RequireUppercase", Toggle),
    f("Policies.PasswordPolicy.RequireLowercase", Toggle),
    f("Policies.PasswordPolicy.RequireNumbers", Toggle),
    f("Policies.PasswordPolicy.RequireSymbols", Toggle),
    f("Policies.PasswordPolicy.PasswordHistorySize", Number),
    f(
        "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
        RequiredNumber,
    ),
];

pub const MFA: &[FieldSpec] = &[
    // MFA on with no factor Cognito can use (SMS MFA without an SMS
    // configuration): the mode marks it; SMS is set up on Email & SMS.
    f("wizard.mfa.mode", Virtual(Virtual::MfaMode))
        .fixed_at("MfaConfiguration", "SmsConfiguration"),
    // SMS MFA takes the pool's SMS configuration: without one, the problem is
    // the choice made here, fixed on Email & SMS.
    f("wizard.mfa.factors.sms", Virtual(Virtual::MfaSms))
        .when(Condition::MfaOn)
        .fixed_at(
            "SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration",
            "SmsConfiguration",
        ),
    f("wizard.mfa.factors.totp", Virtual(Virtual::MfaTotp)).when(Condition::MfaOn),
    f("wizard.mfa.factors.email", Virtual(Virtual::MfaEmail)).when(Condition::MfaOn),
    f("SmsAuthenticationMessage", Text).when(Condition::MfaSms),
    f("SetUserPoolMfaConfig.EmailMfaConfiguration.Subject", Text).when(Condition::MfaEmail),
    f(
        "SetUserPoolMfaConfig.EmailMfaConfiguration.Message",
        Multiline,
    )
    .when(Condition::MfaEmail),
    f("wizard.recovery.first", Virtual(Virtual::Recovery(1))),
    f("wizard.recovery.second", Virtual(Virtual::Recovery(2))),
    f("AutoVerifiedAttributes", Set(v::VERIFIED_ATTRIBUTES)),
    f(
        "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
        Set(v::VERIFIED_ATTRIBUTES),
    ),
];

pub const MESSAGES: &[FieldSpec] = &[
    f(
        "VerificationMessageTemplate.DefaultEmailOption",
        Choice(v::DEFAULT_EMAIL_OPTION),
    ),
    f("VerificationMessageTemplate.EmailSubject", Text),
    f("VerificationMessageTemplate.EmailMessage", Multiline),
    f("VerificationMessageTemplate.EmailSubjectByLink", Text),
    f("VerificationMessageTemplate.EmailMessageByLink", Multiline),
    f("VerificationMessageTemplate.SmsMessage", Multiline),
    f(
        "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
        Text,
    ),
    f(
        "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
        Multiline,
    ),
    f(
        "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
        Multiline,
    ),
];

pub const DELIVERY: &[FieldSpec] = &[
    f(
        "EmailConfiguration.EmailSendingAccount",
        Choice(v::EMAIL_SENDING_ACCOUNT),
    ),
    f("EmailConfiguration.SourceArn", Text),
    f("EmailConfiguration.From", Text),
    f("EmailConfiguration.ReplyToEmailAddress", Text),
    f("EmailConfiguration.ConfigurationSet", Text),
    f("SmsConfiguration", Section),
    f("SmsConfiguration.SnsCallerArn", RequiredText).inside("SmsConfiguration"),
    f("SmsConfiguration.ExternalId", Secret).inside("SmsConfiguration"),
    f("SmsConfiguration.SnsRegion", Text).inside("SmsConfiguration"),
    f("SmsConfiguration.EumsSms", Section).inside("SmsConfiguration"),
    f("SmsConfiguration.EumsSms.CallerArn", RequiredText).inside("SmsConfiguration.EumsSms"),
    f("SmsConfiguration.EumsSms.ExternalId", Secret).inside("SmsConfiguration.EumsSms"),
    f("SmsConfiguration.EumsSms.OriginationIdentity", Text).inside("SmsConfiguration.EumsSms"),
    f("SmsConfiguration.EumsSms.ConfigurationSetName", Text).inside("SmsConfiguration.EumsSms"),
    f("SmsConfiguration.EumsSms.Region", Text).inside("SmsConfiguration.EumsSms"),
];

pub const TRIGGERS: &[FieldSpec] = &[
    f("LambdaConfig.PreSignUp", Text),
    f("LambdaConfig.CustomMessage", Text),
    f("LambdaConfig.PostConfirmation", Text),
    f("LambdaConfig.PreAuthentication", Text),
    f("LambdaConfig.PostAuthentication", Text),
    f("LambdaConfig.DefineAuthChallenge", Text),
    f("LambdaConfig.CreateAuthChallenge", Text),
    f("LambdaConfig.VerifyAuthChallengeResponse", Text),
    f("LambdaConfig.PreTokenGeneration", Text),
    f("LambdaConfig.UserMigration", Text),
    f("LambdaConfig.PreTokenGenerationConfig", Section),
    f(
        "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
        Choice(v::PRE_TOKEN_LAMBDA_VERSION),
    )
    .inside("LambdaConfig.PreTokenGenerationConfig"),
    f(
        "LambdaConfig.PreTokenGenerationConfig.LambdaArn",
        RequiredText,
    )
    .inside("LambdaConfig.PreTokenGenerationConfig"),
    f("LambdaConfig.CustomSMSSender", Section),
    f(
        "LambdaConfig.CustomSMSSender.LambdaVersion",
        Choice(v::SENDER_LAMBDA_VERSION),
    )
    .inside("LambdaConfig.CustomSMSSender"),
    f("LambdaConfig.CustomSMSSender.LambdaArn", RequiredText)
        .inside("LambdaConfig.CustomSMSSender"),
    f("LambdaConfig.CustomEmailSender", Section),
    f(
        "LambdaConfig.CustomEmailSender.LambdaVersion",
        Choice(v::SENDER_LAMBDA_VERSION),
    )
    .inside("LambdaConfig.CustomEmailSender"),
    f("LambdaConfig.CustomEmailSender.LambdaArn", RequiredText)
        .inside("LambdaConfig.CustomEmailSender"),
    f("LambdaConfig.KMSKeyID", Text),
    f("LambdaConfig.InboundFederation", Section),
    f(
        "LambdaConfig.InboundFederation.LambdaVersion",
        Choice(v::SENDER_LAMBDA_VERSION),
    )
    .inside("LambdaConfig.InboundFederation"),
    f("LambdaConfig.InboundFederation.LambdaArn", RequiredText)
        .inside("LambdaConfig.InboundFederation"),
];

pub const SECURITY: &[FieldSpec] = &[
    f("UserPoolTier", Choice(v::USER_POOL_TIER)),
    f(
        "UserPoolAddOns.AdvancedSecurityMode",
        Choice(v::ADVANCED_SECURITY_MODE),
    )
    .owned_by("UserPoolAddOns"),
    f(
        "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
        Choice(v::ADVANCED_SECURITY_ENABLED_MODE),
    )
    .inside("UserPoolAddOns"),
    f("DeviceConfiguration", Section),
    f("DeviceConfiguration.ChallengeRequiredOnNewDevice", Toggle).inside("DeviceConfiguration"),
    f(
        "DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt",
        Toggle,
    )
    .inside("DeviceConfiguration"),
    f("DeletionProtection", Choice(v::DELETION_PROTECTION)),
    f("AdminCreateUserConfig.AllowAdminCreateUserOnly", Toggle),
    f(
        "AdminCreateUserConfig.UnusedAccountValidityDays",
        RequiredNumber,
    ),
    f("UserPoolTags", Map),
    f("KeyConfiguration.KeyType", Choice(v::ENCRYPTION_KEY_TYPE)),
    f("KeyConfiguration.KmsKeyArn", Text),
    f("IssuerConfiguration.Type", Choice(v::ISSUER_TYPE)),
    f("AcrConfiguration", Map),
];

/// Where a problem at `path` is edited: the step and the index of the field in
/// that step's form (`None` for steps with their own screen).
pub fn locate(path: &str) -> Option<(StepId, Option<usize>)> {
    // `CreateUserPoolClient[2].…` is found in the pattern table.
    let pattern = super::plan_fields::pattern(path);
    let path = pattern.as_str();
    // A field that causes the problem elsewhere marks it first.
    for step in StepId::ALL {
        let causing = step
            .fields()
            .iter()
            .position(|f| f.fix.is_some_and(|fix| covers(fix.problems, path)));
        if let Some(index) = causing {
            return Some((step, Some(index)));
        }
    }
    for step in StepId::ALL {
        let fields = step.fields();
        // The most specific field wins (`SmsConfiguration.SnsCallerArn` over
        // `SmsConfiguration`).
        let best = fields
            .iter()
            .enumerate()
            .filter(|(_, field)| covers(field.path, path))
            .max_by_key(|(_, field)| field.path.len());
        if let Some((index, _)) = best {
            return Some((step, Some(index)));
        }
    }
    for step in StepId::ALL {
        if step.extra_paths().iter().any(|p| covers(p, path)) {
            return Some((step, None));
        }
    }
    None
}

/// Whether a field at `field` is where a problem at `problem` shows.
pub fn covers(field: &str, problem: &str) -> bool {
    problem == field
        || problem
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_path_finds_its_step() {
        assert_eq!(
            locate("Policies.PasswordPolicy.MinimumLength"),
            Some((StepId::Password, Some(0)))
        );
        assert_eq!(locate("Schema[3].Name"), Some((StepId::Attributes, None)));
        assert_eq!(
            locate("UserPoolTags[\"env\"]").map(|l| l.0),
            Some(StepId::Security)
        );
        assert_eq!(
            locate("SmsConfiguration.SnsCallerArn").map(|l| l.0),
            Some(StepId::Delivery)
        );
        assert_eq!(
            locate("SetUserPoolMfaConfig.MfaConfiguration").map(|l| l.0),
            Some(StepId::Mfa)
        );
    }

    #[test]
    fn field_paths_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for step in StepId::ALL {
            for field in step.fields() {
                assert!(seen.insert(field.path), "{} twice", field.path);
            }
        }
    }
}
