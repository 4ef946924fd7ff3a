//! The operator's answers: to a question (y / n / d / s) and to a prompt
//! (a file name, a pool id, a password), each turned into what it asks for.

use super::*;

impl App {
    pub(super) fn answer(&mut self, command: Command, fx: &mut Vec<Effect>) {
        let Some(Modal::Ask(question)) = self.modal.take() else {
            return;
        };
        match (question, command) {
            (Question::Quit, Command::Confirm) => self.finish(fx),
            (Question::Quit, Command::Discard) => {
                if let Some(path) = self.session.autosave_path.clone() {
                    fx.push(Effect::RemoveFile(path));
                }
                self.finish(fx);
            }
            (Question::Submit, Command::Confirm) if self.target.is_none() => {
                self.set_status("Not yet: where the pool would go is not known yet");
                self.modal = Some(Modal::Ask(Question::Submit));
            }
            (Question::Submit, Command::Confirm)
                if self.target.as_ref().is_some_and(|t| t.region.is_none()) =>
            {
                self.set_status(
                    "No AWS region is configured: nothing can be sent (start again with --region or AWS_REGION)",
                );
                self.modal = Some(Modal::Ask(Question::Submit));
            }
            (Question::Submit, Command::Confirm)
                if self.same_name.is_none()
                    && self.change.is_none()
                    && self.doc.create.pool_name.is_some() =>
            {
                // The warning about a pool of the same name must be seen
                // before anything is sent: y goes through when the check
                // (bounded by --timeout) finds none, and asks again if it does.
                self.confirm_when_checked = true;
                self.set_status("Checking for a pool of the same name first…");
                self.modal = Some(Modal::Ask(Question::Submit));
            }
            (Question::Submit, Command::Confirm) => review::submit_now(self, fx),
            (Question::ReplaceDraft, command) => start::replace_answered(self, command, fx),
            (Question::ReplaceFiles, command) => review::replace_files_answered(self, command, fx),
            (Question::ReplaceDraftFile, Command::Confirm) => {
                if let Some(path) = self.pending_draft_file.take() {
                    self.save_to(path.clone(), fx);
                    self.draft_file_chosen(path, fx);
                }
            }
            (Question::ReplaceDraftFile, Command::Decline) => {
                // Back to the name, to change it (Esc there saves nothing).
                let name = self.pending_draft_file.take().unwrap_or_default();
                self.modal = Some(Modal::Prompt(Prompt::new(
                    PromptFor::SaveDraft,
                    &name.display().to_string(),
                )));
                self.set_status("Not saved: choose another name (Esc saves nothing)");
            }
            (Question::StopImport, Command::Confirm) => import::stop(self, fx),
            (_, Command::Decline) => {}
            (question, _) => self.modal = Some(Modal::Ask(question)),
        }
    }

    pub(super) fn prompt_key(
        &mut self,
        key: KeyEvent,
        command: Option<Command>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(Modal::Prompt(prompt)) = &mut self.modal else {
            return;
        };
        match command {
            Some(Command::Confirm) => {
                let Some(Modal::Prompt(prompt)) = self.modal.take() else {
                    return;
                };
                self.prompt_done(prompt, fx);
            }
            Some(Command::Decline) => {
                self.modal = None;
                start::prompt_closed(self, false);
            }
            Some(Command::Toggle) if prompt.purpose == PromptFor::SignInUser => {
                try_sign_in::next_client(self)
            }
            Some(Command::Toggle) => prompt.include_secrets = !prompt.include_secrets,
            _ => {
                editor::line_edit(&mut prompt.textarea, key);
                if prompt.textarea.lines().len() > 1 {
                    let joined = prompt.textarea.lines().concat();
                    prompt.textarea = tui_textarea::TextArea::new(vec![joined]);
                    prompt.textarea.move_cursor(tui_textarea::CursorMove::End);
                }
            }
        }
    }

    pub(super) fn prompt_done(&mut self, prompt: Prompt, fx: &mut Vec<Effect>) {
        let text = prompt.text();
        if let (true, Some(needed)) = (text.is_empty(), needed_answer(prompt.purpose)) {
            // Enter on nothing is not a cancel (Esc is): say what is needed.
            let prompt = Prompt::refused(prompt.purpose, "", needed.to_owned());
            self.modal = Some(Modal::Prompt(prompt));
            return;
        }
        if text.is_empty() {
            start::prompt_closed(self, false);
            return;
        }
        if let Some(problem) = pool_id_problem(prompt.purpose, &text) {
            // The prompt stays open with what was typed, to correct.
            self.modal = Some(Modal::Prompt(Prompt::new(prompt.purpose, &text)));
            self.set_status(format!("Not read: {problem}"));
            return;
        }
        if matches!(
            prompt.purpose,
            PromptFor::OpenFile | PromptFor::PoolId | PromptFor::ChangePoolId
        ) {
            start::prompt_closed(self, true);
        }
        match prompt.purpose {
            // The draft file is the chosen one only once it is written there,
            // and never over a file that exists without asking.
            PromptFor::SaveDraft => {
                let path = PathBuf::from(&text);
                self.pending_draft_file = Some(path.clone());
                let id = self.next_task();
                fx.push(Effect::SaveAs {
                    id,
                    path,
                    contents: self.draft_text(),
                });
            }
            PromptFor::Export => {
                review::export(self, PathBuf::from(text), prompt.include_secrets, false, fx)
            }
            PromptFor::OpenFile => {
                let id = self.next_task();
                self.call = Some(InFlight {
                    id,
                    label: format!("Reading {text}"),
                });
                fx.push(Effect::Open {
                    id,
                    path: PathBuf::from(text),
                });
            }
            PromptFor::PoolId => start::describe(self, text, fx),
            PromptFor::InvitePoolId => invite::describe_for_invite(self, text, fx),
            PromptFor::InviteCsv => bulk::check(self, PathBuf::from(text), fx),
            PromptFor::ImportCsv => import::csv_given(self, PathBuf::from(text)),
            PromptFor::ImportRole => import::check(self, text, fx),
            PromptFor::ChangePoolId => change::open(self, text, fx),
            purpose @ (PromptFor::SignInUser
            | PromptFor::SignInPassword
            | PromptFor::SignInNewPassword) => try_sign_in::answered(self, purpose, text, fx),
        }
    }
}

/// What a prompt that cannot go on without an answer says to Enter on an
/// empty box (the others close, as Esc does).
fn needed_answer(purpose: PromptFor) -> Option<&'static str> {
    match purpose {
        PromptFor::ImportRole => Some(
            "The import job needs the ARN of an IAM role it writes CloudWatch Logs with (arn:aws:iam::ACCOUNT:role/NAME); Esc cancels the import",
        ),
        _ => None,
    }
}

/// Why the text of a prompt for a pool id is not one, if it is such a prompt.
fn pool_id_problem(purpose: PromptFor, text: &str) -> Option<crate::problem::Problem> {
    match purpose {
        PromptFor::PoolId | PromptFor::InvitePoolId | PromptFor::ChangePoolId => {
            crate::validate::user_pool_id(text)
        }
        _ => None,
    }
}
