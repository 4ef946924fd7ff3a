//! Dialogs over the current screen: questions, one-line prompts, the help
//! overlay. While one is open it owns the keyboard.

use tui_textarea::TextArea;

use super::keymap::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Leave with unsaved changes?
    Quit,
    /// Create the pool in this account?
    Submit,
    /// Put another draft (a preset, a file, a clone) in place of this one?
    ReplaceDraft,
    /// An export would replace files that exist: replace them?
    ReplaceFiles,
    /// The name chosen for the draft is taken: replace that file?
    ReplaceDraftFile,
    /// Stop the running import job (StopUserImportJob)?
    StopImport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptFor {
    SaveDraft,
    Export,
    OpenFile,
    PoolId,
    InvitePoolId,
    InviteCsv,
    ChangePoolId,
    /// Try a sign-in: as whom, the password, a new one when Cognito asks.
    SignInUser,
    SignInPassword,
    SignInNewPassword,
    /// The CSV to import with Cognito's import job, then the role it logs with.
    ImportCsv,
    ImportRole,
}

pub struct Prompt {
    pub purpose: PromptFor,
    pub textarea: TextArea<'static>,
    /// For exports: write secret members too.
    pub include_secrets: bool,
    /// Why the last answer was not taken, shown under the text.
    pub note: Option<String>,
    /// What the answer is for (the client a sign-in uses), shown under it.
    pub hint: Option<String>,
}

impl std::fmt::Debug for Prompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = if self.is_secret() {
            crate::model::values::MASK.to_owned()
        } else {
            self.text()
        };
        f.debug_struct("Prompt")
            .field("purpose", &self.purpose)
            .field("text", &text)
            .finish()
    }
}

impl Prompt {
    pub fn new(purpose: PromptFor, initial: &str) -> Self {
        let mut textarea = TextArea::new(vec![initial.to_owned()]);
        textarea.move_cursor(tui_textarea::CursorMove::End);
        let mut prompt = Self {
            purpose,
            textarea,
            include_secrets: false,
            note: None,
            hint: None,
        };
        if prompt.is_secret() {
            prompt.textarea.set_mask_char('•');
        }
        prompt
    }

    /// A password prompt: typed text shows masked and is never printed.
    pub fn is_secret(&self) -> bool {
        matches!(
            self.purpose,
            PromptFor::SignInPassword | PromptFor::SignInNewPassword
        )
    }

    /// The prompt again with `text`, saying why it was not taken.
    pub fn refused(purpose: PromptFor, text: &str, note: String) -> Self {
        Self {
            note: Some(note),
            ..Self::new(purpose, text)
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().concat().trim().to_owned()
    }

    /// The name of the box, drawn before it, where the title alone does not
    /// say what to type in it (the title of a sign-in is about the try).
    pub fn label(&self) -> Option<&'static str> {
        match self.purpose {
            PromptFor::SignInUser => Some("Username: "),
            _ => None,
        }
    }

    pub fn title(&self) -> &'static str {
        match self.purpose {
            PromptFor::SaveDraft => "Save the draft to",
            PromptFor::Export => "Export the request to",
            PromptFor::OpenFile => "Open a draft or request file",
            PromptFor::PoolId => "Clone the pool with id",
            PromptFor::InvitePoolId => "Invite users to the pool with id",
            PromptFor::InviteCsv => "Invite the users listed in the CSV file",
            PromptFor::ChangePoolId => "Change the pool with id",
            PromptFor::SignInUser => "Try a sign-in as the user",
            PromptFor::SignInPassword => "Their password (not shown, not kept)",
            PromptFor::SignInNewPassword => "Cognito asks for a new password for them",
            PromptFor::ImportCsv => {
                "Import the users listed in the CSV file (Cognito's import job)"
            }
            PromptFor::ImportRole => "IAM role ARN the import job writes its CloudWatch log with",
        }
    }
}

// One modal at a time: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Modal {
    Help { scroll: u16 },
    Ask(Question),
    Prompt(Prompt),
}

impl Modal {
    pub fn context(&self) -> Context {
        match self {
            Modal::Help { .. } => Context::HelpOverlay,
            Modal::Ask(Question::Quit) => Context::ConfirmQuit,
            Modal::Ask(Question::ReplaceDraft) => Context::ConfirmReplaceDraft,
            Modal::Ask(_) => Context::Confirm,
            Modal::Prompt(_) => Context::Prompt,
        }
    }
}
