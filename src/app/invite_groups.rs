//! The invitation form's groups: the pool's groups as a set to pick from;
//! the chosen ones are joined with AdminAddUserToGroup right after the
//! user is created (`invite::groups::add_to_groups`, as the CSV does).
//! Offered for the pool the wizard just created (its plan's groups).

use crate::model::preview::{call_json, Layout, Secrets};
use crate::model::Call;

use super::invite::{InviteField, InviteScreen};
use super::keymap::Command;

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
    if names.is_empty() {
        return;
    }
    screen.groups = GroupPick {
        names,
        ..GroupPick::default()
    };
    screen.fields.push(InviteField::Groups);
    screen.refresh(reveal);
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
