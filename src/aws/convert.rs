//! Model → SDK input, in one place. Every member of our request types is
//! copied; nothing is defaulted or dropped here (the SDK's own serializer adds
//! the always-sent primitives, which our model already carries).

use aws_sdk_cognitoidentityprovider as cip;
use cip::types as t;

use crate::model::mfa::{EmailMfaConfig, SmsMfaConfig, WebAuthnConfiguration};
use crate::model::pool::{self as m, LambdaVersionConfig};
use crate::model::update::{
    AddCustomAttributesRequest, TagResourceRequest, UntagResourceRequest, UpdateUserPoolRequest,
};
use crate::model::user::Attribute;
use crate::model::{AdminCreateUserRequest, CreateUserPoolRequest, SetUserPoolMfaConfigRequest};

type Built<T> = Result<T, cip::error::BuildError>;

/// The members CreateUserPool and UpdateUserPool share, set on either
/// builder (same setter names, different builder types), so the two calls
/// copy them the same way. `?` inside returns from the calling function.
macro_rules! shared_pool_members {
    ($builder:expr, $r:expr) => {{
        let r = $r;
        $builder
            .set_pool_name(r.pool_name.clone())
            .set_policies(r.policies.as_ref().map(policies))
            .set_deletion_protection(r.deletion_protection.as_deref().map(Into::into))
            .set_lambda_config(r.lambda_config.as_ref().map(lambda_config).transpose()?)
            .set_auto_verified_attributes(enums(&r.auto_verified_attributes))
            .set_sms_verification_message(r.sms_verification_message.clone())
            .set_email_verification_message(r.email_verification_message.clone())
            .set_email_verification_subject(r.email_verification_subject.clone())
            .set_verification_message_template(
                r.verification_message_template
                    .as_ref()
                    .map(verification_template),
            )
            .set_sms_authentication_message(r.sms_authentication_message.clone())
            .set_mfa_configuration(r.mfa_configuration.as_deref().map(Into::into))
            .set_user_attribute_update_settings(
                r.user_attribute_update_settings
                    .as_ref()
                    .map(attribute_update_settings),
            )
            .set_device_configuration(r.device_configuration.as_ref().map(device_configuration))
            .set_email_configuration(r.email_configuration.as_ref().map(email_configuration))
            .set_sms_configuration(
                r.sms_configuration
                    .as_ref()
                    .map(sms_configuration)
                    .transpose()?,
            )
            .set_user_pool_tags(tags(&r.user_pool_tags))
            .set_admin_create_user_config(r.admin_create_user_config.as_ref().map(admin_config))
            .set_user_pool_add_ons(r.user_pool_add_ons.as_ref().map(add_ons).transpose()?)
            .set_account_recovery_setting(
                r.account_recovery_setting
                    .as_ref()
                    .map(recovery)
                    .transpose()?,
            )
            .set_user_pool_tier(r.user_pool_tier.as_deref().map(Into::into))
            .set_key_configuration(r.key_configuration.as_ref().map(key_configuration))
            .set_issuer_configuration(r.issuer_configuration.as_ref().map(issuer_configuration))
            .set_acr_configuration(r.acr_configuration.as_ref().map(acr).transpose()?)
    }};
}

pub fn create_user_pool(
    builder: cip::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    r: &CreateUserPoolRequest,
) -> Built<cip::operation::create_user_pool::builders::CreateUserPoolFluentBuilder> {
    Ok(shared_pool_members!(builder, r)
        .set_alias_attributes(enums(&r.alias_attributes))
        .set_username_attributes(enums(&r.username_attributes))
        .set_schema(
            r.schema
                .as_ref()
                .map(|s| s.iter().map(schema_attribute).collect()),
        )
        .set_username_configuration(
            r.username_configuration
                .as_ref()
                .map(|u| {
                    t::UsernameConfigurationType::builder()
                        .case_sensitive(u.case_sensitive)
                        .build()
                })
                .transpose()?,
        ))
}

/// Every member of the request, none defaulted: the full body that keeps
/// UpdateUserPool from resetting what it leaves out.
pub fn update_user_pool(
    builder: cip::operation::update_user_pool::builders::UpdateUserPoolFluentBuilder,
    r: &UpdateUserPoolRequest,
) -> Built<cip::operation::update_user_pool::builders::UpdateUserPoolFluentBuilder> {
    Ok(shared_pool_members!(
        builder.set_user_pool_id(r.user_pool_id.clone()),
        r
    ))
}

pub fn add_custom_attributes(
    builder: cip::operation::add_custom_attributes::builders::AddCustomAttributesFluentBuilder,
    r: &AddCustomAttributesRequest,
) -> cip::operation::add_custom_attributes::builders::AddCustomAttributesFluentBuilder {
    builder
        .set_user_pool_id(r.user_pool_id.clone())
        .set_custom_attributes(
            r.custom_attributes
                .as_ref()
                .map(|s| s.iter().map(schema_attribute).collect()),
        )
}

pub fn tag_resource(
    builder: cip::operation::tag_resource::builders::TagResourceFluentBuilder,
    r: &TagResourceRequest,
) -> cip::operation::tag_resource::builders::TagResourceFluentBuilder {
    builder
        .set_resource_arn(r.resource_arn.clone())
        .set_tags(tags(&r.tags))
}

pub fn untag_resource(
    builder: cip::operation::untag_resource::builders::UntagResourceFluentBuilder,
    r: &UntagResourceRequest,
) -> cip::operation::untag_resource::builders::UntagResourceFluentBuilder {
    builder
        .set_resource_arn(r.resource_arn.clone())
        .set_tag_keys(r.tag_keys.clone())
}

fn tags(
    tags: &Option<std::collections::BTreeMap<String, String>>,
) -> Option<std::collections::HashMap<String, String>> {
    tags.clone().map(|tags| tags.into_iter().collect())
}

fn attribute_update_settings(
    u: &m::UserAttributeUpdateSettings,
) -> t::UserAttributeUpdateSettingsType {
    t::UserAttributeUpdateSettingsType::builder()
        .set_attributes_require_verification_before_update(enums(
            &u.attributes_require_verification_before_update,
        ))
        .build()
}

fn device_configuration(d: &m::DeviceConfiguration) -> t::DeviceConfigurationType {
    t::DeviceConfigurationType::builder()
        .challenge_required_on_new_device(d.challenge_required_on_new_device)
        .device_only_remembered_on_user_prompt(d.device_only_remembered_on_user_prompt)
        .build()
}

fn email_configuration(e: &m::EmailConfiguration) -> t::EmailConfigurationType {
    t::EmailConfigurationType::builder()
        .set_source_arn(e.source_arn.clone())
        .set_reply_to_email_address(e.reply_to_email_address.clone())
        .set_email_sending_account(e.email_sending_account.as_deref().map(Into::into))
        .set_from(e.from.clone())
        .set_configuration_set(e.configuration_set.clone())
        .build()
}

fn admin_config(a: &m::AdminCreateUserConfig) -> t::AdminCreateUserConfigType {
    t::AdminCreateUserConfigType::builder()
        .allow_admin_create_user_only(a.allow_admin_create_user_only)
        .unused_account_validity_days(a.unused_account_validity_days)
        .set_invite_message_template(a.invite_message_template.as_ref().map(|i| {
            t::MessageTemplateType::builder()
                .set_sms_message(i.sms_message.clone())
                .set_email_message(i.email_message.clone())
                .set_email_subject(i.email_subject.clone())
                .build()
        }))
        .build()
}

fn key_configuration(k: &m::KeyConfiguration) -> t::KeyConfigurationType {
    t::KeyConfigurationType::builder()
        .set_key_type(k.key_type.as_deref().map(Into::into))
        .set_kms_key_arn(k.kms_key_arn.clone())
        .build()
}

fn issuer_configuration(i: &m::IssuerConfiguration) -> t::IssuerConfigurationType {
    t::IssuerConfigurationType::builder()
        .set_type(i.issuer_type.as_deref().map(Into::into))
        .build()
}

fn acr(
    levels: &std::collections::BTreeMap<String, m::AcrLevelConfig>,
) -> Built<std::collections::HashMap<String, t::AcrLevelConfigType>> {
    levels
        .iter()
        .map(|(level, config)| {
            t::AcrLevelConfigType::builder()
                .acr_value(&config.acr_value)
                .build()
                .map(|c| (level.clone(), c))
        })
        .collect()
}

pub fn set_user_pool_mfa_config(
    builder: cip::operation::set_user_pool_mfa_config::builders::SetUserPoolMfaConfigFluentBuilder,
    r: &SetUserPoolMfaConfigRequest,
) -> Built<cip::operation::set_user_pool_mfa_config::builders::SetUserPoolMfaConfigFluentBuilder> {
    Ok(builder
        .set_user_pool_id(r.user_pool_id.clone())
        .set_sms_mfa_configuration(r.sms_mfa_configuration.as_ref().map(sms_mfa).transpose()?)
        .set_software_token_mfa_configuration(r.software_token_mfa_configuration.as_ref().map(
            |s| {
                t::SoftwareTokenMfaConfigType::builder()
                    .enabled(s.enabled)
                    .build()
            },
        ))
        .set_email_mfa_configuration(r.email_mfa_configuration.as_ref().map(email_mfa))
        .set_mfa_configuration(r.mfa_configuration.as_deref().map(Into::into))
        .set_web_authn_configuration(r.web_authn_configuration.as_ref().map(web_authn)))
}

pub fn admin_create_user(
    builder: cip::operation::admin_create_user::builders::AdminCreateUserFluentBuilder,
    r: &AdminCreateUserRequest,
) -> Built<cip::operation::admin_create_user::builders::AdminCreateUserFluentBuilder> {
    Ok(builder
        .set_user_pool_id(r.user_pool_id.clone())
        .set_username(r.username.clone())
        .set_user_attributes(attributes(&r.user_attributes)?)
        .set_validation_data(attributes(&r.validation_data)?)
        .set_temporary_password(r.temporary_password.clone())
        .set_force_alias_creation(r.force_alias_creation)
        .set_message_action(r.message_action.as_deref().map(Into::into))
        .set_desired_delivery_mediums(enums(&r.desired_delivery_mediums))
        .set_client_metadata(r.client_metadata.clone().map(|m| m.into_iter().collect())))
}

/// Strings → SDK enums. Unknown values stay as they are (the SDK sends them
/// verbatim); validation has already reported them.
pub(super) fn enums<E: for<'a> From<&'a str>>(values: &Option<Vec<String>>) -> Option<Vec<E>> {
    values
        .as_ref()
        .map(|v| v.iter().map(|s| E::from(s.as_str())).collect())
}

fn attributes(list: &Option<Vec<Attribute>>) -> Built<Option<Vec<t::AttributeType>>> {
    list.as_ref()
        .map(|list| {
            list.iter()
                .map(|a| {
                    t::AttributeType::builder()
                        .name(&a.name)
                        .set_value(a.value.clone())
                        .build()
                })
                .collect()
        })
        .transpose()
}

fn policies(p: &m::UserPoolPolicy) -> t::UserPoolPolicyType {
    t::UserPoolPolicyType::builder()
        .set_password_policy(p.password_policy.as_ref().map(|pp| {
            t::PasswordPolicyType::builder()
                .set_minimum_length(pp.minimum_length)
                .require_uppercase(pp.require_uppercase)
                .require_lowercase(pp.require_lowercase)
                .require_numbers(pp.require_numbers)
                .require_symbols(pp.require_symbols)
                .set_password_history_size(pp.password_history_size)
                .temporary_password_validity_days(pp.temporary_password_validity_days)
                .build()
        }))
        .set_sign_in_policy(p.sign_in_policy.as_ref().map(|s| {
            t::SignInPolicyType::builder()
                .set_allowed_first_auth_factors(enums(&s.allowed_first_auth_factors))
                .build()
        }))
        .build()
}

fn lambda_config(l: &m::LambdaConfig) -> Built<t::LambdaConfigType> {
    Ok(t::LambdaConfigType::builder()
        .set_pre_sign_up(l.pre_sign_up.clone())
        .set_custom_message(l.custom_message.clone())
        .set_post_confirmation(l.post_confirmation.clone())
        .set_pre_authentication(l.pre_authentication.clone())
        .set_post_authentication(l.post_authentication.clone())
        .set_define_auth_challenge(l.define_auth_challenge.clone())
        .set_create_auth_challenge(l.create_auth_challenge.clone())
        .set_verify_auth_challenge_response(l.verify_auth_challenge_response.clone())
        .set_pre_token_generation(l.pre_token_generation.clone())
        .set_user_migration(l.user_migration.clone())
        .set_pre_token_generation_config(
            l.pre_token_generation_config
                .as_ref()
                .map(|c: &LambdaVersionConfig| {
                    t::PreTokenGenerationVersionConfigType::builder()
                        .lambda_version(c.lambda_version.as_str().into())
                        .lambda_arn(&c.lambda_arn)
                        .build()
                })
                .transpose()?,
        )
        .set_custom_sms_sender(
            l.custom_sms_sender
                .as_ref()
                .map(|c: &LambdaVersionConfig| {
                    t::CustomSmsLambdaVersionConfigType::builder()
                        .lambda_version(c.lambda_version.as_str().into())
                        .lambda_arn(&c.lambda_arn)
                        .build()
                })
                .transpose()?,
        )
        .set_custom_email_sender(
            l.custom_email_sender
                .as_ref()
                .map(|c: &LambdaVersionConfig| {
                    t::CustomEmailLambdaVersionConfigType::builder()
                        .lambda_version(c.lambda_version.as_str().into())
                        .lambda_arn(&c.lambda_arn)
                        .build()
                })
                .transpose()?,
        )
        .set_kms_key_id(l.kms_key_id.clone())
        .set_inbound_federation(
            l.inbound_federation
                .as_ref()
                .map(|c: &LambdaVersionConfig| {
                    t::InboundFederationLambdaType::builder()
                        .lambda_version(c.lambda_version.as_str().into())
                        .lambda_arn(&c.lambda_arn)
                        .build()
                })
                .transpose()?,
        )
        .build())
}

fn verification_template(v: &m::VerificationMessageTemplate) -> t::VerificationMessageTemplateType {
    t::VerificationMessageTemplateType::builder()
        .set_sms_message(v.sms_message.clone())
        .set_email_message(v.email_message.clone())
        .set_email_subject(v.email_subject.clone())
        .set_email_message_by_link(v.email_message_by_link.clone())
        .set_email_subject_by_link(v.email_subject_by_link.clone())
        .set_default_email_option(v.default_email_option.as_deref().map(Into::into))
        .build()
}

fn sms_configuration(s: &m::SmsConfiguration) -> Built<t::SmsConfigurationType> {
    let eums = s
        .eums_sms
        .as_ref()
        .map(|e| {
            t::EumsSmsConfigurationType::builder()
                .caller_arn(&e.caller_arn)
                .set_external_id(e.external_id.clone())
                .set_origination_identity(e.origination_identity.clone())
                .set_configuration_set_name(e.configuration_set_name.clone())
                .set_in_entity_id(e.in_entity_id.clone())
                .set_in_template_id(e.in_template_id.clone())
                .set_region(e.region.clone())
                .build()
        })
        .transpose()?;
    Ok(t::SmsConfigurationType::builder()
        .sns_caller_arn(&s.sns_caller_arn)
        .set_external_id(s.external_id.clone())
        .set_sns_region(s.sns_region.clone())
        .set_eums_sms(eums)
        .build())
}

fn schema_attribute(a: &m::SchemaAttribute) -> t::SchemaAttributeType {
    t::SchemaAttributeType::builder()
        .set_name(a.name.clone())
        .set_attribute_data_type(a.attribute_data_type.as_deref().map(Into::into))
        .set_developer_only_attribute(a.developer_only_attribute)
        .set_mutable(a.mutable)
        .set_required(a.required)
        .set_number_attribute_constraints(a.number_attribute_constraints.as_ref().map(|n| {
            t::NumberAttributeConstraintsType::builder()
                .set_min_value(n.min_value.clone())
                .set_max_value(n.max_value.clone())
                .build()
        }))
        .set_string_attribute_constraints(a.string_attribute_constraints.as_ref().map(|s| {
            t::StringAttributeConstraintsType::builder()
                .set_min_length(s.min_length.clone())
                .set_max_length(s.max_length.clone())
                .build()
        }))
        .build()
}

fn add_ons(a: &m::UserPoolAddOns) -> Built<t::UserPoolAddOnsType> {
    t::UserPoolAddOnsType::builder()
        .advanced_security_mode(a.advanced_security_mode.as_str().into())
        .set_advanced_security_additional_flows(a.advanced_security_additional_flows.as_ref().map(
            |f| {
                t::AdvancedSecurityAdditionalFlowsType::builder()
                    .set_custom_auth_mode(f.custom_auth_mode.as_deref().map(Into::into))
                    .build()
            },
        ))
        .build()
}

fn recovery(a: &m::AccountRecoverySetting) -> Built<t::AccountRecoverySettingType> {
    let mechanisms = a
        .recovery_mechanisms
        .as_ref()
        .map(|list| {
            list.iter()
                .map(|r| {
                    t::RecoveryOptionType::builder()
                        .priority(r.priority)
                        .name(r.name.as_str().into())
                        .build()
                })
                .collect::<Built<Vec<_>>>()
        })
        .transpose()?;
    Ok(t::AccountRecoverySettingType::builder()
        .set_recovery_mechanisms(mechanisms)
        .build())
}

fn sms_mfa(s: &SmsMfaConfig) -> Built<t::SmsMfaConfigType> {
    Ok(t::SmsMfaConfigType::builder()
        .set_sms_authentication_message(s.sms_authentication_message.clone())
        .set_sms_configuration(
            s.sms_configuration
                .as_ref()
                .map(sms_configuration)
                .transpose()?,
        )
        .build())
}

fn email_mfa(e: &EmailMfaConfig) -> t::EmailMfaConfigType {
    t::EmailMfaConfigType::builder()
        .set_message(e.message.clone())
        .set_subject(e.subject.clone())
        .build()
}

fn web_authn(w: &WebAuthnConfiguration) -> t::WebAuthnConfigurationType {
    t::WebAuthnConfigurationType::builder()
        .set_relying_party_id(w.relying_party_id.clone())
        .set_user_verification(w.user_verification.as_deref().map(Into::into))
        .set_factor_configuration(w.factor_configuration.as_deref().map(Into::into))
        .build()
}
