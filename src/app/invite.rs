//! The Invite step: one AdminCreateUser at a time, with a form shaped by the
//! pool's settings (its required attributes, whether the username is an email
//! or a phone number, its custom attributes and password policy).

use std::collections::BTreeMap;

use crate::api::{ApiError, ApiResult};
use crate::invite::groups::Invited;
use crate::model::load::{from_described, DescribedPool, Loaded};
use crate::model::preview::Secrets;
use crate::model::user::Attribute;
use crate::model::values::{DELIVERY_MEDIUM, MASK, MESSAGE_ACTION};
use crate::model::AdminCreateUserRequest;
use crate::problem::Problem;
use crate::validate::password::generate;
use crate::validate::{validate_user, PoolFacts};

use super::editor::{EditTarget, Editor};
use super::fields::StepId;
use super::keymap::Command;
use super::msg::Effect;
use super::{App, InFlight};

/// One field of the invitation form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteField {
    Username,
    /// A user attribute (`email`, `custom:team`) and its data type.
    Attribute {
        name: String,
        data_type: String,
        required: bool,
    },
    TemporaryPassword,
    MessageAction,
    DeliveryMediums,
    ForceAliasCreation,
    /// `key=value, key=value` passed to the pool's Lambda triggers.
    ClientMetadata,
    /// The pool's groups to add the user to (see `invite_groups`).
    Groups,
}

impl InviteField {
    /// The API path problems about this field carry.
    pub fn path(&self) -> &'static str {
        match self {
            InviteField::Username => "Username",
            InviteField::Attribute { .. } => "UserAttributes",
            InviteField::TemporaryPassword => "TemporaryPassword",
            InviteField::MessageAction => "MessageAction",
            InviteField::DeliveryMediums => "DesiredDeliveryMediums",
            InviteField::ForceAliasCreation => "ForceAliasCreation",
            InviteField::ClientMetadata => "ClientMetadata",
            InviteField::Groups => "Groups",
        }
    }

    /// The help key in `assets/help.json`.
    pub fn help_key(&self) -> String {
        match self {
            InviteField::Attribute { .. } => "AdminCreateUser.UserAttributes".into(),
            InviteField::Groups => "wizard.invite.groups".into(),
            other => format!("AdminCreateUser.{}", other.path()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct InviteScreen {
    pub pool_id: String,
    pub facts: Option<PoolFacts>,
    pub fields: Vec<InviteField>,
    pub focus: usize,
    /// Text of the text fields, by field index.
    pub text: BTreeMap<usize, String>,
    pub message_action: Option<String>,
    pub mediums: Vec<String>,
    pub medium_cursor: usize,
    pub force_alias: bool,
    /// Derived: the request, its problems and its preview.
    pub request: AdminCreateUserRequest,
    pub problems: Vec<Problem>,
    pub preview: String,
    /// How the last invitation went.
    pub last: Option<Result<Invited, ApiError>>,
    /// The pool's groups, to add the user to.
    pub groups: super::invite_groups::GroupPick,
    /// The temporary password of the last user created without an
    /// invitation (SUPPRESS): the operator hands it over, so it stays
    /// (masked unless revealed) until the next invitation.
    pub handed_over: Option<crate::sign_in::Password>,
}

impl InviteScreen {
    /// Whether the form holds text typed by the operator: it is not part of
    /// the draft, so Quit says it is lost.
    pub fn has_typed_values(&self) -> bool {
        self.text.values().any(|t| !t.trim().is_empty())
    }

    /// A form for this pool.
    pub fn for_pool(pool_id: String, facts: PoolFacts) -> Self {
        let mut fields = vec![InviteField::Username];
        let mut names: Vec<(String, String, bool)> = facts
            .required_attributes()
            .map(|a| (a.name.clone(), a.data_type.clone(), true))
            .collect();
        for common in ["email", "phone_number", "given_name", "family_name"] {
            if !names.iter().any(|(n, _, _)| n == common) {
                names.push((common.to_owned(), "String".into(), false));
            }
        }
        for custom in facts
            .attributes
            .iter()
            .filter(|a| a.name.starts_with("custom:"))
        {
            if !names.iter().any(|(n, _, _)| *n == custom.name) {
                names.push((
                    custom.name.clone(),
                    custom.data_type.clone(),
                    custom.required,
                ));
            }
        }
        fields.extend(names.into_iter().map(|(name, data_type, required)| {
            InviteField::Attribute {
                name,
                data_type,
                required,
            }
        }));
        fields.extend([
            InviteField::TemporaryPassword,
            InviteField::MessageAction,
            InviteField::DeliveryMediums,
            InviteField::ForceAliasCreation,
            InviteField::ClientMetadata,
        ]);
        let mut screen = Self {
            pool_id,
            facts: Some(facts),
            fields,
            ..Default::default()
        };
        screen.refresh(false);
        screen
    }

    /// What the username is, for this pool.
    pub fn username_label(&self) -> &'static str {
        let by = self
            .facts
            .as_ref()
            .map(|f| f.username_attributes.clone())
            .unwrap_or_default();
        match (
            by.iter().any(|a| a == "email"),
            by.iter().any(|a| a == "phone_number"),
        ) {
            (true, true) => "Username (email or phone)",
            (true, false) => "Username (email address)",
            (false, true) => "Username (phone, E.164)",
            _ => "Username",
        }
    }

    pub fn label(&self, index: usize) -> String {
        match &self.fields[index] {
            InviteField::Username => self.username_label().into(),
            InviteField::Attribute {
                name,
                data_type,
                required,
            } => format!(
                "{name}{}{}",
                if *required { " *" } else { "" },
                if data_type == "String" {
                    String::new()
                } else {
                    format!(" ({data_type})")
                }
            ),
            InviteField::TemporaryPassword => "Temporary password".into(),
            InviteField::MessageAction => "Invitation".into(),
            InviteField::DeliveryMediums => "Deliver by".into(),
            InviteField::ForceAliasCreation => "Take over alias".into(),
            InviteField::ClientMetadata => "Client metadata (k=v, …)".into(),
            InviteField::Groups => "Add to groups".into(),
        }
    }

    /// The field's value as shown.
    pub fn display(&self, index: usize, reveal: bool) -> String {
        let text = self.text.get(&index).cloned().unwrap_or_default();
        match &self.fields[index] {
            InviteField::TemporaryPassword if !reveal && !text.is_empty() => MASK.into(),
            InviteField::TemporaryPassword if text.is_empty() => {
                "(empty: Cognito makes one)".into()
            }
            InviteField::MessageAction => match &self.message_action {
                Some(a) => format!("‹ {a} ›"),
                None => "‹ send the invitation ›".into(),
            },
            InviteField::DeliveryMediums => DELIVERY_MEDIUM
                .iter()
                .map(|m| {
                    format!(
                        "[{}] {m}",
                        if self.mediums.iter().any(|x| x == m) {
                            "x"
                        } else {
                            " "
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("  "),
            InviteField::ForceAliasCreation => if self.force_alias { "[x]" } else { "[ ]" }.into(),
            InviteField::Groups => self.groups.display(index == self.focus),
            _ => text,
        }
    }

    /// Rebuilds the request, its problems and preview from the form.
    pub fn refresh(&mut self, reveal: bool) {
        let mut request = AdminCreateUserRequest {
            user_pool_id: Some(self.pool_id.clone()).filter(|p| !p.is_empty()),
            ..Default::default()
        };
        let mut attributes = Vec::new();
        let mut metadata_problems = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            let text = self
                .text
                .get(&i)
                .map(|t| t.trim().to_owned())
                .unwrap_or_default();
            match field {
                InviteField::Username => request.username = Some(text).filter(|t| !t.is_empty()),
                InviteField::Attribute { name, .. } if !text.is_empty() => {
                    attributes.push(Attribute::new(name.clone(), text))
                }
                InviteField::TemporaryPassword => {
                    request.temporary_password =
                        self.text.get(&i).cloned().filter(|t| !t.is_empty())
                }
                InviteField::ClientMetadata if !text.is_empty() => {
                    let (pairs, unreadable) = client_metadata(&text);
                    request.client_metadata = Some(pairs);
                    metadata_problems = unreadable;
                }
                _ => {}
            }
        }
        // With email or phone as the username and no username typed, the
        // email (or phone) is the username, as the service expects.
        if request.username.is_none() {
            let by = self
                .facts
                .as_ref()
                .map(|f| f.username_attributes.clone())
                .unwrap_or_default();
            request.username = by.iter().find_map(|a| {
                attributes
                    .iter()
                    .find(|x| x.name == *a)
                    .and_then(|x| x.value.clone())
            });
        }
        request.user_attributes = (!attributes.is_empty()).then_some(attributes);
        request.message_action = self.message_action.clone();
        request.desired_delivery_mediums = (!self.mediums.is_empty()).then(|| self.mediums.clone());
        request.force_alias_creation = self.force_alias.then_some(true);
        self.problems = validate_user(&request, self.facts.as_ref());
        self.problems.extend(metadata_problems);
        let secrets = if reveal {
            Secrets::Reveal
        } else {
            Secrets::Mask
        };
        self.request = request;
        self.preview = super::invite_groups::preview_with_groups(self, secrets);
    }

    /// Problems shown at a field.
    pub fn problems_at(&self, index: usize) -> Vec<&Problem> {
        let field = &self.fields[index];
        let position = match field {
            InviteField::Attribute { name, .. } => self
                .request
                .user_attributes
                .iter()
                .flatten()
                .position(|a| a.name == *name),
            _ => None,
        };
        self.problems
            .iter()
            .filter(|p| match (field, position) {
                (InviteField::Attribute { name, .. }, Some(i)) => {
                    p.path.starts_with(&format!("UserAttributes[{i}]"))
                        || (p.path == "UserAttributes" && p.message.ends_with(name.as_str()))
                }
                (InviteField::Attribute { name, .. }, None) => {
                    p.path == "UserAttributes" && p.message.ends_with(name.as_str())
                }
                _ => p.path == field.path(),
            })
            .collect()
    }

    /// Clears what is particular to one user, keeping the settings.
    fn next_user(&mut self) {
        let keep: Vec<usize> = self
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f, InviteField::ClientMetadata))
            .map(|(i, _)| i)
            .collect();
        self.text.retain(|i, _| keep.contains(i));
    }
}

/// Opens the Invite step for the pool the wizard just created.
pub fn open_for_created(app: &mut App) {
    let Some(pool) = app.created.clone() else {
        return;
    };
    let facts = PoolFacts::from_request(&app.doc.create);
    open(app, InviteScreen::for_pool(pool.id, facts));
    // After a failed plan, only the groups it made.
    let groups = app
        .doc
        .groups
        .iter()
        .filter_map(|g| g.group_name.clone())
        .filter(|name| super::review::was_made(app, "CreateGroup", name))
        .collect::<Vec<_>>();
    let reveal = app.reveal_secrets;
    super::invite_groups::offer(&mut app.invite, groups, reveal);
}

/// Shows the Invite step for a pool: the bulk and import panels start over
/// (a check belongs to the pool it was made for, and is never run into
/// another one).
fn open(app: &mut App, screen: InviteScreen) {
    app.invite = screen;
    super::bulk::reset(app);
    super::import::reset(app);
    app.step = StepId::Invite;
}

/// Asks for the pool (from the Start screen): DescribeUserPool, then the form.
pub fn describe_for_invite(app: &mut App, pool_id: String, fx: &mut Vec<Effect>) {
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Reading pool {pool_id}"),
    });
    fx.push(Effect::DescribeForInvite { id, pool_id });
}

pub fn described_for_invite(app: &mut App, pool_id: String, result: ApiResult<DescribedPool>) {
    let loaded = result
        .map_err(|e| e.to_string())
        .and_then(|d| from_described(&d).map_err(|e| e.to_string()));
    match loaded {
        Ok(outcome) => match outcome.loaded {
            Loaded::Pool(doc) => {
                let facts = PoolFacts::from_request(&doc.create);
                open(app, InviteScreen::for_pool(pool_id, facts));
            }
            Loaded::User(_) | Loaded::Mfa(_) | Loaded::Call(_) => {
                app.set_status("That is not a pool")
            }
        },
        Err(e) => app.set_status(format!("Cannot read the pool: {e}")),
    }
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let n = app.invite.fields.len();
    if n == 0 {
        return;
    }
    let index = app.invite.focus.min(n - 1);
    let field = app.invite.fields[index].clone();
    match command {
        Command::NextField => app.invite.focus = (index + 1) % n,
        Command::PreviousField => app.invite.focus = (index + n - 1) % n,
        Command::Reveal => app.reveal_secrets = !app.reveal_secrets,
        Command::Refresh if field == InviteField::TemporaryPassword => {
            let policy = app
                .invite
                .facts
                .as_ref()
                .map(|f| f.password_policy.clone())
                .unwrap_or_else(crate::validate::password::default_policy);
            app.invite.text.insert(index, generate(&policy));
        }
        Command::Submit => submit(app, fx),
        Command::Bulk => super::bulk::ask_for_csv(app),
        Command::Import => super::import::ask_for_csv(app),
        // As on the form steps: Delete / Backspace clears the field.
        Command::Clear => match field {
            InviteField::MessageAction => app.invite.message_action = None,
            InviteField::DeliveryMediums => app.invite.mediums.clear(),
            InviteField::ForceAliasCreation => app.invite.force_alias = false,
            InviteField::Groups => app.invite.groups.command(command),
            _ => {
                app.invite.text.remove(&index);
            }
        },
        Command::Left | Command::Right | Command::Toggle | Command::Activate => {
            let delta: isize = if command == Command::Left { -1 } else { 1 };
            match field {
                InviteField::MessageAction => {
                    let mut options: Vec<Option<&str>> = vec![None];
                    options.extend(MESSAGE_ACTION.iter().map(|a| Some(*a)));
                    let at = options
                        .iter()
                        .position(|o| o.map(str::to_owned) == app.invite.message_action)
                        .unwrap_or(0) as isize;
                    let next = options[(at + delta).rem_euclid(options.len() as isize) as usize];
                    app.invite.message_action = next.map(str::to_owned);
                }
                InviteField::DeliveryMediums => {
                    let screen = &mut app.invite;
                    if matches!(command, Command::Left | Command::Right) {
                        screen.medium_cursor = (screen.medium_cursor as isize + delta)
                            .rem_euclid(DELIVERY_MEDIUM.len() as isize)
                            as usize;
                    } else {
                        let medium = DELIVERY_MEDIUM[screen.medium_cursor].to_owned();
                        if let Some(at) = screen.mediums.iter().position(|m| *m == medium) {
                            screen.mediums.remove(at);
                        } else {
                            screen.mediums.push(medium);
                            screen
                                .mediums
                                .sort_by_key(|m| DELIVERY_MEDIUM.iter().position(|x| x == m));
                        }
                    }
                }
                InviteField::ForceAliasCreation => app.invite.force_alias = !app.invite.force_alias,
                InviteField::Groups => app.invite.groups.command(command),
                _ if matches!(command, Command::Activate) => {
                    let text = app.invite.text.get(&index).cloned().unwrap_or_default();
                    let mut editor = Editor::new(
                        EditTarget::Invite(index),
                        &text,
                        (app.doc.clone(), app.raw.clone()),
                    );
                    if field == InviteField::TemporaryPassword {
                        editor.textarea.set_mask_char('•');
                    }
                    app.editor = Some(editor);
                }
                _ => {}
            }
        }
        _ => {}
    }
    let reveal = app.reveal_secrets;
    app.invite.refresh(reveal);
}

/// Typed text for an invitation field (applied as it is typed).
pub fn apply_text(app: &mut App, index: usize, text: &str) {
    app.invite.text.insert(index, text.to_owned());
    let reveal = app.reveal_secrets;
    app.invite.refresh(reveal);
}

fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.call.is_some() {
        app.set_status(super::CALL_IN_FLIGHT);
        return;
    }
    let reveal = app.reveal_secrets;
    app.invite.refresh(reveal);
    if let Some(first) = app.invite.problems.iter().find(|p| p.is_error()) {
        let message = format!("Not sent: {first}");
        if let Some(at) = (0..app.invite.fields.len())
            .find(|i| app.invite.problems_at(*i).iter().any(|p| p.is_error()))
        {
            app.invite.focus = at;
        }
        app.set_status(message);
        return;
    }
    let id = app.next_task();
    let username = app.invite.request.username.clone().unwrap_or_default();
    app.call = Some(InFlight {
        id,
        label: format!("Inviting {username}"),
    });
    let request = app.invite.request.clone();
    match app.invite.groups.chosen.clone() {
        groups if groups.is_empty() => fx.push(Effect::CreateUser { id, request }),
        groups => fx.push(Effect::CreateUserInGroups {
            id,
            request,
            groups,
        }),
    }
}

pub fn user_created(app: &mut App, result: ApiResult<Invited>) {
    let request = &app.invite.request;
    let suppressed = request.message_action.as_deref() == Some("SUPPRESS");
    app.invite.handed_over = match (&result, &request.temporary_password) {
        (Ok(_), Some(password)) if suppressed => Some(crate::sign_in::Password(password.clone())),
        _ => None,
    };
    if result.is_ok() {
        app.invite.next_user();
        let reveal = app.reveal_secrets;
        app.invite.refresh(reveal);
    }
    app.invite.last = Some(result);
}

/// `k=v, k2=v2` → the pairs, and a problem for each piece that is not a
/// pair (it would otherwise vanish from the request unseen).
fn client_metadata(text: &str) -> (BTreeMap<String, String>, Vec<Problem>) {
    let mut pairs = BTreeMap::new();
    let mut problems = Vec::new();
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match piece.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                pairs.insert(key.trim().to_owned(), value.trim().to_owned());
            }
            _ => problems.push(Problem::error(
                "ClientMetadata",
                format!("{piece:?} is not a key=value pair (separate pairs with commas)"),
            )),
        }
    }
    (pairs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pool::{CreateUserPoolRequest, SchemaAttribute};

    fn facts() -> PoolFacts {
        let request = CreateUserPoolRequest {
            username_attributes: Some(vec!["email".into()]),
            schema: Some(vec![
                SchemaAttribute {
                    name: Some("given_name".into()),
                    attribute_data_type: Some("String".into()),
                    required: Some(true),
                    ..Default::default()
                },
                SchemaAttribute {
                    name: Some("team".into()),
                    attribute_data_type: Some("String".into()),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        };
        PoolFacts::from_request(&request)
    }

    #[test]
    fn client_metadata_that_is_not_a_pair_is_a_problem_not_dropped() {
        let mut screen = InviteScreen::for_pool("us-east-1_Abc".into(), facts());
        let at = screen
            .fields
            .iter()
            .position(|f| matches!(f, InviteField::ClientMetadata))
            .unwrap();
        screen.text.insert(at, "team=red, oops, =x".into());
        screen.refresh(false);
        let metadata = screen.request.client_metadata.clone().unwrap();
        assert_eq!(metadata.get("team").map(String::as_str), Some("red"));
        let shown: Vec<String> = screen
            .problems_at(at)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("\"oops\" is not a key=value pair"));
    }

    #[test]
    fn delete_clears_the_focused_field() {
        let mut app = crate::app::App::new(Default::default());
        app.invite = InviteScreen::for_pool("us-east-1_Abc".into(), facts());
        app.invite.text.insert(0, "ana@example.com".into());
        app.invite.focus = 0;
        let mut fx = Vec::new();
        command(&mut app, Command::Clear, &mut fx);
        assert_eq!(app.invite.text.get(&0), None);
        assert_eq!(app.invite.request.username, None);
    }

    #[test]
    fn the_form_follows_the_pool() {
        let screen = InviteScreen::for_pool("us-east-1_Abc".into(), facts());
        let labels: Vec<String> = (0..screen.fields.len()).map(|i| screen.label(i)).collect();
        assert_eq!(labels[0], "Username (email address)");
        assert_eq!(labels[1], "given_name *", "required attributes come first");
        assert!(labels.contains(&"custom:team".to_owned()));
    }

    #[test]
    fn email_becomes_the_username_and_required_attributes_are_checked() {
        let mut screen = InviteScreen::for_pool("us-east-1_Abc".into(), facts());
        let email = screen
            .fields
            .iter()
            .position(|f| matches!(f, InviteField::Attribute { name, .. } if name == "email"))
            .unwrap();
        screen.text.insert(email, "ana@example.com".into());
        screen.refresh(false);
        assert_eq!(screen.request.username.as_deref(), Some("ana@example.com"));
        assert!(screen
            .problems
            .iter()
            .any(|p| p.message == "the pool requires given_name"));
        assert_eq!(
            screen.problems_at(1).len(),
            1,
            "shown at the given_name field"
        );
    }

    #[test]
    fn the_password_is_masked_in_the_preview() {
        let mut screen = InviteScreen::for_pool("us-east-1_Abc".into(), facts());
        let password = screen
            .fields
            .iter()
            .position(|f| *f == InviteField::TemporaryPassword)
            .unwrap();
        screen.text.insert(password, "Sup3r-secret!".into());
        screen.refresh(false);
        assert!(!screen.preview.contains("Sup3r-secret!"));
        assert!(screen.preview.contains(MASK));
        assert_eq!(screen.display(password, false), MASK);
    }
}
