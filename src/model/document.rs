//! What an operator builds: the `CreateUserPool` request and the calls that
//! follow it: `SetUserPoolMfaConfig` when the chosen MFA factors need it,
//! resource servers, app clients, the domain, its managed-login branding
//! style and groups.
//!
//! On disk a document with one call is just the `CreateUserPool` request (the
//! shape `aws cognito-idp create-user-pool --cli-input-json` takes). A document
//! with more calls is an object keyed by operation name, a list where there can
//! be several: `{"CreateUserPool": {...}, "SetUserPoolMfaConfig": {...},
//! "CreateResourceServer": [...], "CreateUserPoolClient": [...],
//! "CreateUserPoolDomain": {...}, "CreateManagedLoginBranding": {...},
//! "CreateGroup": [...]}`. What is written is what is sent: the calls are
//! literal, the only things filled in at run time are the new pool's id and,
//! for the branding style, its client's id.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::client::{CreateResourceServerRequest, CreateUserPoolClientRequest};
use super::domain::{
    CreateGroupRequest, CreateManagedLoginBrandingRequest, CreateUserPoolDomainRequest,
};
use super::mfa::{SmsMfaConfig, SoftwareTokenMfaConfig};
use super::plan::{Call, Plan};
use super::{CreateUserPoolRequest, SetUserPoolMfaConfigRequest};

/// Members in the order the calls run (see [`super::Operation::PLAN_ORDER`]).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolDocument {
    #[serde(rename = "CreateUserPool")]
    pub create: CreateUserPoolRequest,
    #[serde(rename = "SetUserPoolMfaConfig")]
    pub mfa: Option<SetUserPoolMfaConfigRequest>,
    #[serde(rename = "CreateResourceServer", skip_serializing_if = "Vec::is_empty")]
    pub resource_servers: Vec<CreateResourceServerRequest>,
    #[serde(rename = "CreateUserPoolClient", skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<CreateUserPoolClientRequest>,
    #[serde(rename = "CreateUserPoolDomain")]
    pub domain: Option<CreateUserPoolDomainRequest>,
    #[serde(rename = "CreateManagedLoginBranding")]
    pub branding: Option<CreateManagedLoginBrandingRequest>,
    #[serde(rename = "CreateGroup", skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<CreateGroupRequest>,
}

impl PoolDocument {
    pub fn new(create: CreateUserPoolRequest) -> Self {
        Self {
            create,
            ..Self::default()
        }
    }

    /// The calls this document makes, in the order they run. Every pool id
    /// is left out: the new pool's id fills it.
    pub fn plan(&self) -> Plan {
        let mut calls = vec![Call::CreateUserPool(self.create.clone())];
        if let Some(mfa) = &self.mfa {
            let mut mfa = mfa.clone();
            mfa.user_pool_id = None;
            calls.push(Call::SetUserPoolMfaConfig(mfa));
        }
        calls.extend(self.resource_servers.iter().map(|r| {
            Call::CreateResourceServer(CreateResourceServerRequest {
                user_pool_id: None,
                ..r.clone()
            })
        }));
        calls.extend(self.clients.iter().map(|r| {
            Call::CreateUserPoolClient(CreateUserPoolClientRequest {
                user_pool_id: None,
                ..r.clone()
            })
        }));
        if let Some(domain) = &self.domain {
            calls.push(Call::CreateUserPoolDomain(CreateUserPoolDomainRequest {
                user_pool_id: None,
                ..domain.clone()
            }));
        }
        if let Some(branding) = &self.branding {
            calls.push(Call::CreateManagedLoginBranding(
                CreateManagedLoginBrandingRequest {
                    user_pool_id: None,
                    ..branding.clone()
                },
            ));
        }
        calls.extend(self.groups.iter().map(|g| {
            Call::CreateGroup(CreateGroupRequest {
                user_pool_id: None,
                ..g.clone()
            })
        }));
        Plan { calls }
    }

    /// Whether the document is the `CreateUserPool` call alone.
    pub fn is_single_call(&self) -> bool {
        self.mfa.is_none()
            && self.resource_servers.is_empty()
            && self.clients.is_empty()
            && self.domain.is_none()
            && self.branding.is_none()
            && self.groups.is_empty()
    }

    /// The file form: the bare request when one call suffices, else the
    /// operation-keyed object.
    pub fn to_file_value(&self) -> serde_json::Value {
        if self.is_single_call() {
            serde_json::to_value(&self.create)
        } else {
            serde_json::to_value(self)
        }
        .expect("request types always serialize")
    }

    /// The document without its secret values (client secrets, SMS external
    /// ids), for drafts: a resumed draft asks for them again.
    pub fn strip_client_secrets(&mut self) {
        for client in &mut self.clients {
            client.client_secret = None;
        }
    }

    /// The plan's client named `name`, if there is exactly one.
    pub fn client_named(&self, name: &str) -> Option<&CreateUserPoolClientRequest> {
        let mut matching = self.clients.iter().filter(|c| c.name() == name);
        match (matching.next(), matching.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }
}

/// The operator's MFA choice as the wizard presents it: a mode and the factors.
/// [`MfaChoice::apply`] turns it into the literal calls of a [`PoolDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MfaChoice {
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mode: String,
    pub sms: bool,
    pub totp: bool,
    pub email: bool,
}

impl MfaChoice {
    /// Reads the choice back from a document (for drafts, imports and presets).
    pub fn from_document(doc: &PoolDocument) -> Self {
        let create_mode = doc.create.mfa_configuration.clone();
        match &doc.mfa {
            Some(mfa) => Self {
                mode: mfa
                    .mfa_configuration
                    .clone()
                    .or(create_mode)
                    .unwrap_or_else(|| "OFF".into()),
                sms: mfa.sms_mfa_configuration.is_some(),
                totp: mfa
                    .software_token_mfa_configuration
                    .as_ref()
                    .is_some_and(|t| t.enabled),
                email: mfa.email_mfa_configuration.is_some(),
            },
            None => {
                let mode = create_mode.unwrap_or_else(|| "OFF".into());
                Self {
                    sms: mode != "OFF",
                    mode,
                    totp: false,
                    email: false,
                }
            }
        }
    }

    fn enabled(&self) -> bool {
        self.mode == "ON" || self.mode == "OPTIONAL"
    }

    /// Whether this choice needs the follow-up `SetUserPoolMfaConfig` call:
    /// CreateUserPool alone can turn MFA on only with SMS, so any other set
    /// of factors (none at all included: a described pool can have a mode
    /// and no factor, and the draft must say so, not read it as SMS) is
    /// carried by the second call.
    pub fn needs_second_call(&self) -> bool {
        self.enabled() && (self.totp || self.email || !self.sms)
    }

    /// Writes the choice into the document's calls.
    ///
    /// SMS only: `CreateUserPool` sets the mode itself (with its SmsConfiguration).
    /// TOTP, email or no factor: the pool is created with MFA `OFF` and the second call sets
    /// the mode and every chosen factor, SMS included (copied from the pool's SMS
    /// settings, so call this again after those change). An existing email MFA
    /// message and subject are kept.
    pub fn apply(&self, doc: &mut PoolDocument) {
        if !self.needs_second_call() {
            doc.create.mfa_configuration = Some(self.mode.clone()).filter(|m| !m.is_empty());
            doc.mfa = None;
            return;
        }
        let previous_email = doc
            .mfa
            .as_ref()
            .and_then(|m| m.email_mfa_configuration.clone());
        doc.create.mfa_configuration = Some("OFF".into());
        doc.mfa = Some(SetUserPoolMfaConfigRequest {
            user_pool_id: None,
            sms_mfa_configuration: self.sms.then(|| SmsMfaConfig {
                sms_authentication_message: doc.create.sms_authentication_message.clone(),
                sms_configuration: doc.create.sms_configuration.clone(),
            }),
            software_token_mfa_configuration: self
                .totp
                .then_some(SoftwareTokenMfaConfig { enabled: true }),
            email_mfa_configuration: self.email.then(|| previous_email.unwrap_or_default()),
            mfa_configuration: Some(self.mode.clone()),
            web_authn_configuration: doc
                .mfa
                .as_ref()
                .and_then(|m| m.web_authn_configuration.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pool::SmsConfiguration;

    fn doc_with_sms() -> PoolDocument {
        let mut doc = PoolDocument::default();
        doc.create.sms_configuration = Some(SmsConfiguration {
            sns_caller_arn: "arn:aws:iam::123456789012:role/sms".into(),
            ..Default::default()
        });
        doc
    }

    #[test]
    fn sms_only_stays_one_call() {
        let mut doc = doc_with_sms();
        let choice = MfaChoice {
            mode: "ON".into(),
            sms: true,
            ..Default::default()
        };
        choice.apply(&mut doc);
        assert_eq!(doc.create.mfa_configuration.as_deref(), Some("ON"));
        assert!(doc.mfa.is_none());
        assert_eq!(doc.plan().calls.len(), 1);
        assert_eq!(MfaChoice::from_document(&doc), choice);
    }

    #[test]
    fn totp_moves_the_mode_to_a_second_call() {
        let mut doc = doc_with_sms();
        let choice = MfaChoice {
            mode: "OPTIONAL".into(),
            sms: true,
            totp: true,
            email: false,
        };
        choice.apply(&mut doc);
        assert_eq!(doc.create.mfa_configuration.as_deref(), Some("OFF"));
        let mfa = doc.mfa.as_ref().expect("second call");
        assert_eq!(mfa.mfa_configuration.as_deref(), Some("OPTIONAL"));
        assert_eq!(
            mfa.sms_mfa_configuration
                .as_ref()
                .and_then(|s| s.sms_configuration.as_ref())
                .map(|c| c.sns_caller_arn.as_str()),
            Some("arn:aws:iam::123456789012:role/sms")
        );
        let plan = doc.plan();
        assert_eq!(plan.calls.len(), 2);
        assert_eq!(MfaChoice::from_document(&doc), choice);
    }

    #[test]
    fn turning_mfa_off_drops_the_second_call() {
        let mut doc = doc_with_sms();
        MfaChoice {
            mode: "ON".into(),
            totp: true,
            ..Default::default()
        }
        .apply(&mut doc);
        assert!(doc.mfa.is_some());
        MfaChoice {
            mode: "OFF".into(),
            ..Default::default()
        }
        .apply(&mut doc);
        assert!(doc.mfa.is_none());
        assert_eq!(doc.create.mfa_configuration.as_deref(), Some("OFF"));
    }

    /// A mode with no factor (a described pool can have one) reads back as
    /// no factor, not as SMS, and keeps reading so after the draft changes.
    #[test]
    fn a_mode_without_a_factor_stays_without_one() {
        let mut doc = doc_with_sms();
        let choice = MfaChoice {
            mode: "ON".into(),
            ..Default::default()
        };
        choice.apply(&mut doc);
        assert_eq!(MfaChoice::from_document(&doc), choice);
        MfaChoice::from_document(&doc).apply(&mut doc);
        assert_eq!(MfaChoice::from_document(&doc), choice);
    }
}
