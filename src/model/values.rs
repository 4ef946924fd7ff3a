//! The API's enumerations and fixed name lists, as data. Validation, the
//! wizard's choice fields and the help overlay all read these tables, so a new
//! value is added in one place.

pub const MFA_CONFIGURATION: &[&str] = &["OFF", "ON", "OPTIONAL"];
pub const DELETION_PROTECTION: &[&str] = &["ACTIVE", "INACTIVE"];
pub const VERIFIED_ATTRIBUTES: &[&str] = &["email", "phone_number"];
pub const ALIAS_ATTRIBUTES: &[&str] = &["email", "phone_number", "preferred_username"];
pub const USERNAME_ATTRIBUTES: &[&str] = &["email", "phone_number"];
pub const DEFAULT_EMAIL_OPTION: &[&str] = &["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"];
pub const EMAIL_SENDING_ACCOUNT: &[&str] = &["COGNITO_DEFAULT", "DEVELOPER"];
pub const ATTRIBUTE_DATA_TYPE: &[&str] = &["String", "Number", "DateTime", "Boolean"];
pub const ADVANCED_SECURITY_MODE: &[&str] = &["OFF", "AUDIT", "ENFORCED"];
pub const ADVANCED_SECURITY_ENABLED_MODE: &[&str] = &["AUDIT", "ENFORCED"];
pub const RECOVERY_OPTION_NAME: &[&str] =
    &["verified_email", "verified_phone_number", "admin_only"];
pub const USER_POOL_TIER: &[&str] = &["LITE", "ESSENTIALS", "PLUS"];
pub const PRE_TOKEN_LAMBDA_VERSION: &[&str] = &["V1_0", "V2_0", "V3_0"];
pub const SENDER_LAMBDA_VERSION: &[&str] = &["V1_0"];
pub const AUTH_FACTOR: &[&str] = &[
    "PASSWORD",
    "EMAIL_OTP",
    "SMS_OTP",
    "WEB_AUTHN",
    "SOFTWARE_TOKEN",
];
pub const ENCRYPTION_KEY_TYPE: &[&str] = &["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KEY"];
pub const ISSUER_TYPE: &[&str] = &["ORIGINAL", "UPDATED"];
pub const MESSAGE_ACTION: &[&str] = &["RESEND", "SUPPRESS"];
pub const DELIVERY_MEDIUM: &[&str] = &["EMAIL", "SMS"];
pub const USER_VERIFICATION: &[&str] = &["required", "preferred"];
pub const WEB_AUTHN_FACTOR: &[&str] = &["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"];

/// The tier a pool gets when `UserPoolTier` is not sent.
pub const DEFAULT_TIER: &str = "ESSENTIALS";

/// The Lambda triggers that take a bare function ARN, in API order.
pub const PLAIN_TRIGGERS: &[&str] = &[
    "PreSignUp",
    "CustomMessage",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "PreTokenGeneration",
    "UserMigration",
];

/// A standard (OpenID Connect) attribute and the data type Cognito fixes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardAttribute {
    pub name: &'static str,
    pub data_type: &'static str,
}

/// The 17 standard attributes a pool can mark required or immutable.
pub const STANDARD_ATTRIBUTES: &[StandardAttribute] = &[
    std_attr("address"),
    std_attr("birthdate"),
    std_attr("email"),
    std_attr("family_name"),
    std_attr("gender"),
    std_attr("given_name"),
    std_attr("locale"),
    std_attr("middle_name"),
    std_attr("name"),
    std_attr("nickname"),
    std_attr("phone_number"),
    std_attr("picture"),
    std_attr("preferred_username"),
    std_attr("profile"),
    StandardAttribute {
        name: "updated_at",
        data_type: "Number",
    },
    std_attr("website"),
    std_attr("zoneinfo"),
];

const fn std_attr(name: &'static str) -> StandardAttribute {
    StandardAttribute {
        name,
        data_type: "String",
    }
}

/// Attributes Cognito manages itself: present in DescribeUserPool output but
/// never accepted in a `CreateUserPool` schema.
pub const MANAGED_ATTRIBUTES: &[&str] = &[
    "sub",
    "identities",
    "email_verified",
    "phone_number_verified",
];

pub fn standard_attribute(name: &str) -> Option<&'static StandardAttribute> {
    STANDARD_ATTRIBUTES.iter().find(|a| a.name == name)
}

/// Placeholder the preview shows where a call needs the id of the pool that the
/// first call creates.
pub const NEW_POOL_ID_PLACEHOLDER: &str = "<UserPoolId from CreateUserPool>";

const CLIENT_ID_PLACEHOLDER_START: &str = "<ClientId from CreateUserPoolClient \"";
const CLIENT_ID_PLACEHOLDER_END: &str = "\">";

/// Placeholder for the id of the plan's client named `client_name` (the
/// branding style's `ClientId`): `<ClientId from CreateUserPoolClient "web">`.
/// Client names cannot hold `"` (the API's pattern), so the name reads back.
pub fn client_id_placeholder(client_name: &str) -> String {
    format!("{CLIENT_ID_PLACEHOLDER_START}{client_name}{CLIENT_ID_PLACEHOLDER_END}")
}

/// The client name a [`client_id_placeholder`] stands for, if `text` is one.
pub fn client_of_placeholder(text: &str) -> Option<&str> {
    text.strip_prefix(CLIENT_ID_PLACEHOLDER_START)?
        .strip_suffix(CLIENT_ID_PLACEHOLDER_END)
}

/// How a secret is shown in a masked preview.
pub const MASK: &str = "********";

/// App clients (CreateUserPoolClient), in the service model's order.
pub const EXPLICIT_AUTH_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_TOKEN_EXCHANGE_DELEGATION",
    "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
];
pub const OAUTH_FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
pub const TIME_UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];
pub const PREVENT_USER_EXISTENCE_ERRORS: &[&str] = &["LEGACY", "ENABLED"];
pub const FEATURE_TYPE: &[&str] = &["ENABLED", "DISABLED"];
/// CreateUserPoolDomain `CustomDomainConfig.SecurityPolicy`.
pub const DOMAIN_SECURITY_POLICY: &[&str] = &["TLS_V1", "TLS_V1_2_2021", "TLS_V1_3_2025"];
