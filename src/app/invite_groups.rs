//! The invitation form's groups: the pool's groups as a set to pick from;
//! the chosen ones are joined with AdminAddUserToGroup right after the
//! user is created (`invite::groups::add_to_groups`, as the CSV does).
//! Offered for the pool the wizard just created (its plan's groups) and for
//! an existing pool (its groups, from ListGroups once the form is shown).

use crate::model::preview::{call_json, Layout, Secrets};
use crate::model::Call;

use super::invite::{InviteField, InviteScreen};
use super::keymap::Command;
use super::msg::Effect;
use super::App;

/// The groups to pick from, the picked ones and the option under the cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupPick {
    pub names: Vec<String>,
    pub chosen: Vec<String>,
    pub cursor: usize,
}

impl GroupPick {
    /// `[x] admins  [ ] users`, the option under the cursor in ‹ › when
    /// the field has the focus.
    pub fn display(&self, focused: bool) -> String {
        self.names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mark = if self.chosen.contains(name) { "x" } else { " " };
                if focused && i == self.cursor {
                    format!("‹[{mark}] {name}›")
                } else {
                    format!("[{mark}] {name}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    }

    /// ←/→ move between groups; Space or Enter picks or drops one.
    pub fn command(&mut self, command: Command) {
        let n = self.names.len();
        if n == 0 {
            return;
        }
        match command {
            Command::Left => self.cursor = (self.cursor + n - 1) % n,
            Command::Right => self.cursor = (self.cursor + 1) % n,
            Command::Toggle | Command::Activate => {
                let name = self.names[self.cursor.min(n - 1)].clone();
                match self.chosen.iter().position(|c| *c == name) {
                    Some(at) => {
                        self.chosen.remove(at);
                    }
                    None => {
                        self.chosen.push(name);
                        let order = |c: &String| self.names.iter().position(|n| n == c);
                        let mut chosen = std::mem::take(&mut self.chosen);
                        chosen.sort_by_key(order);
                        self.chosen = chosen;
                    }
                }
            }
            Command::Clear => self.chosen.clear(),
            _ => {}
        }
    }

    /// The calls that follow AdminCreateUser, as previewed after it.
    pub fn preview(&self, pool_id: &str, username: &str) -> String {
        self.chosen
            .iter()
            .map(|group| {
                let body = serde_json::json!({
                    "UserPoolId": pool_id,
                    "Username": username,
                    "GroupName": group,
                });
                let text = serde_json::to_string_pretty(&body).unwrap_or_default();
                format!("\n// then AdminAddUserToGroup\n{text}")
            })
            .collect()
    }
}

/// Offers `names` (the pool's groups) on the form, as its last field.
pub fn offer(screen: &mut InviteScreen, names: Vec<String>, reveal: bool) {
    if names.is_empty() || screen.fields.contains(&InviteField::Groups) {
        return;
    }
    screen.groups = GroupPick {
        names,
        ..GroupPick::default()
    };
    screen.fields.push(InviteField::Groups);
    screen.refresh(reveal);
}

/// The form for an existing pool is shown: ask for its groups (in the
/// background; the form works meanwhile).
pub fn list_for(app: &mut App, pool_id: String, fx: &mut Vec<Effect>) {
    if app.invite.pool_id == pool_id && !app.invite.fields.contains(&InviteField::Groups) {
        let id = app.next_task();
        fx.push(Effect::ListGroupsForInvite { id, pool_id });
    }
}

/// The existing pool's groups arrived: offered if the form is still its.
pub fn listed(app: &mut App, pool_id: &str, names: crate::api::ApiResult<Vec<String>>) {
    match names {
        Ok(names) if app.invite.pool_id == pool_id => {
            let reveal = app.reveal_secrets;
            offer(&mut app.invite, names, reveal);
        }
        Ok(_) => {}
        Err(e) => app.set_status(format!(
            "The pool's groups could not be listed ({}): the form offers none",
            crate::sanitize::clean(&e.to_string())
        )),
    }
}

/// The request's preview with the group calls after it.
pub fn preview_with_groups(screen: &InviteScreen, secrets: Secrets) -> String {
    let request = &screen.request;
    let mut text = call_json(
        &Call::AdminCreateUser(request.clone()),
        Layout::Pretty,
        secrets,
    );
    text.push_str(&screen.groups.preview(
        request.user_pool_id.as_deref().unwrap_or_default(),
        request.username.as_deref().unwrap_or_default(),
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_pools_groups_are_asked_for_and_offered_once() {
        let mut app = App::new(Default::default());
        let facts = crate::validate::PoolFacts::from_request(&Default::default());
        app.invite = InviteScreen::for_pool("us-east-1_Abc".into(), facts);
        let mut fx = Vec::new();
        list_for(&mut app, "us-east-1_Abc".into(), &mut fx);
        assert!(matches!(
            fx.as_slice(),
            [Effect::ListGroupsForInvite { pool_id, .. }] if pool_id == "us-east-1_Abc"
        ));
        // An answer for another pool's form changes nothing.
        listed(&mut app, "us-east-1_Other", Ok(vec!["x".into()]));
        assert!(!app.invite.fields.contains(&InviteField::Groups));
        listed(&mut app, "us-east-1_Abc", Ok(vec!["admins".into()]));
        listed(&mut app, "us-east-1_Abc", Ok(vec!["admins".into()]));
        let offered = app
            .invite
            .fields
            .iter()
            .filter(|f| **f == InviteField::Groups);
        assert_eq!(offered.count(), 1);
        assert_eq!(app.invite.groups.names, ["admins"]);
    }

    #[test]
    fn groups_are_picked_in_the_pools_order() {
        let mut pick = GroupPick {
            names: vec!["admins".into(), "users".into()],
            ..Default::default()
        };
        pick.command(Command::Right);
        pick.command(Command::Toggle);
        pick.command(Command::Left);
        pick.command(Command::Toggle);
        assert_eq!(pick.chosen, ["admins", "users"]);
        assert_eq!(pick.display(true), "‹[x] admins›  [x] users");
        pick.command(Command::Toggle);
        assert_eq!(pick.chosen, ["users"]);
        assert!(pick
            .preview("p", "ana")
            .contains("\"GroupName\": \"users\""));
    }
}
