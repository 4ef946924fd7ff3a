//! One keymap both handles keys and labels them: the footer's hints and the
//! help overlay are generated from the same tables that [`lookup`] reads, so
//! they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, independent of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    Save,
    /// Takes back the last change to the draft (any step).
    Undo,
    Redo,
    TogglePreview,
    NextStep,
    PreviousStep,
    NextField,
    PreviousField,
    Left,
    Right,
    /// Enter: edit a text field, choose an item, jump to a problem.
    Activate,
    /// Space: flip a toggle, cycle a choice, tick a set member.
    Toggle,
    Clear,
    /// To the field on another step that fixes this field's problem.
    GoToFix,
    Reveal,
    Add,
    Delete,
    Export,
    Submit,
    Retry,
    /// Esc: close, cancel the call in flight, leave an editor.
    Cancel,
    ScrollUp,
    ScrollDown,
    /// Move the request preview's view (it follows the focused member).
    PreviewUp,
    PreviewDown,
    Confirm,
    Decline,
    Discard,
    FinishEdit,
    /// Enter in a message: a line break.
    NewLine,
    Invite,
    NewPool,
    SwitchPane,
    Refresh,
    /// Invite many users from a CSV file.
    Bulk,
    Suppress,
    SkipInvalid,
    /// Send more invitations than the pool's email setup can deliver.
    AcceptLimits,
    /// Open a listed pool in change mode.
    Change,
    /// Sign in to the created pool with one of its new clients.
    TrySignIn,
    /// Import users from a CSV with Cognito's import job.
    Import,
    /// Home / End on Review: to the first / last line (or problem).
    ScrollTop,
    ScrollBottom,
}

/// Where the keyboard is: each screen owns a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Form,
    /// The form of an app client or a group: a form, and Esc back to its list.
    EntryForm,
    /// Typing into a text field: only these keys are commands, the rest is text.
    Editing,
    /// Typing a multi-line message.
    EditingMultiline,
    Start,
    Attributes,
    Review,
    /// The Result step after a failure: retry, or back to the review.
    Result,
    /// The Result step after the pool was created: nothing to retry.
    Created,
    Invite,
    /// The bulk (CSV) panel of the Invite step.
    InviteBulk,
    /// The bulk panel once the run is over: only closing it.
    InviteBulkDone,
    /// A yes / no question.
    Confirm,
    /// Quit?: yes, no, or discard the draft and quit.
    ConfirmQuit,
    /// Replace the draft?: yes, no, or save it first.
    ConfirmReplaceDraft,
    Prompt,
    HelpOverlay,
    /// The App clients or Groups list.
    PlanList,
    /// The Result step after a pool with app clients was created.
    CreatedWithClient,
    /// The import panel of the Invite step.
    Import,
    /// The import panel once the run is over: only closing it.
    ImportDone,
    /// The import panel while its job runs: only stopping it.
    ImportRunning,
    /// Start with a pool of the account's list selected.
    StartPool,
    /// The Result step after a failed plan that created the pool (a later
    /// call failed): invitations go into that pool.
    FailedWithPool,
    /// As [`Context::FailedWithPool`], with an app client created too.
    FailedWithClient,
    /// The bulk panel while its invitations go out: scrolling and stopping.
    InviteBulkRunning,
    /// A CSV panel (invite or import) while its rows are checked: only
    /// cancelling the check.
    CsvChecking,
    /// The Result step after a change applied in full: nothing to retry.
    ChangeApplied,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        // Shift is part of the character for printable keys ('?' is Shift+/).
        let modifiers = match event.code {
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.modifiers == modifiers
    }

    /// How the footer writes this key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("^{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// A command and the keys that give it, with the words the footer shows.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    pub hint: &'static str,
    /// Listed in the footer (all bindings are listed in the help overlay).
    pub in_footer: bool,
}

const fn b(keys: &'static [Key], command: Command, hint: &'static str) -> Binding {
    Binding {
        keys,
        command,
        hint,
        in_footer: true,
    }
}

const fn quiet(keys: &'static [Key], command: Command, hint: &'static str) -> Binding {
    Binding {
        keys,
        command,
        hint,
        in_footer: false,
    }
}

use Command as C;
use KeyCode as K;

/// Keys that work on every screen that is not taking text.
pub const GLOBAL: &[Binding] = &[
    b(&[key(K::PageDown), ctrl('n')], C::NextStep, "next step"),
    b(&[key(K::PageUp), ctrl('b')], C::PreviousStep, "prev step"),
    b(&[ch('p')], C::TogglePreview, "preview"),
    quiet(&[ch(']')], C::PreviewDown, "scroll the preview down"),
    quiet(&[ch('[')], C::PreviewUp, "scroll the preview up"),
    b(&[ctrl('s')], C::Save, "save"),
    b(&[ctrl('z'), ch('u')], C::Undo, "undo"),
    quiet(&[ctrl('y'), ch('U')], C::Redo, "redo"),
    b(&[ch('?'), key(K::F(1))], C::Help, "help"),
    b(&[ch('q'), ctrl('c')], C::Quit, "quit"),
    quiet(&[key(K::Esc)], C::Cancel, "cancel the call in flight"),
];

const FORM: &[Binding] = &FORM_BINDINGS;

const FORM_BINDINGS: [Binding; 11] = [
    b(&[key(K::Tab), key(K::Down)], C::NextField, "next"),
    quiet(
        &[key(K::BackTab), key(K::Up)],
        C::PreviousField,
        "previous field",
    ),
    b(&[key(K::Enter)], C::Activate, "edit"),
    b(&[ch(' ')], C::Toggle, "toggle"),
    quiet(&[key(K::Left)], C::Left, "previous choice / option"),
    quiet(&[key(K::Right)], C::Right, "next choice / option"),
    quiet(
        &[key(K::Delete), key(K::Backspace)],
        C::Clear,
        "clear the field",
    ),
    quiet(&[ch('r')], C::Reveal, "show or hide secrets"),
    quiet(
        &[ch('g')],
        C::GoToFix,
        "go to where this field's problem is fixed",
    ),
    quiet(&[ch('a')], C::Add, "add a map entry"),
    quiet(&[ch('d')], C::Delete, "delete the map entry"),
];

/// Esc on an app client's or a group's form (no call in flight).
const BACK_TO_LIST: Binding = b(&[key(K::Esc)], C::Cancel, "back to the list");

/// A form's keys, then Esc back to the list.
const ENTRY_FORM: &[Binding] = &appended::<11, 12>(&FORM_BINDINGS, BACK_TO_LIST);

/// `table` with `last` after its bindings (`M` is `N + 1`, checked when
/// the constant is built).
const fn appended<const N: usize, const M: usize>(
    table: &[Binding; N],
    last: Binding,
) -> [Binding; M] {
    assert!(M == N + 1);
    let mut out = [last; M];
    let mut i = 0;
    while i < N {
        out[i] = table[i];
        i += 1;
    }
    out
}

// Both kinds of text finish with Tab; Enter also ends a one-line field and
// is the only key that adds a line to a message. The editing keys of any
// terminal program work inside (see `editor::Editor::input`).
const EDITING: &[Binding] = &[
    b(
        &[key(K::Tab), key(K::Enter)],
        C::FinishEdit,
        "done (Enter too)",
    ),
    b(&[key(K::Esc)], C::Cancel, "undo edit"),
    quiet(&[ctrl('c')], C::Quit, "quit (asks first)"),
];

const EDITING_MULTILINE: &[Binding] = &[
    b(&[key(K::Tab), ctrl('d')], C::FinishEdit, "done"),
    b(&[key(K::Enter)], C::NewLine, "new line"),
    b(&[key(K::Esc)], C::Cancel, "undo edit"),
    quiet(&[ctrl('c')], C::Quit, "quit (asks first)"),
];

const START: &[Binding] = &[
    b(&[key(K::Down), key(K::Tab), ch('j')], C::NextField, "next"),
    quiet(
        &[key(K::Up), key(K::BackTab), ch('k')],
        C::PreviousField,
        "previous",
    ),
    b(&[key(K::Enter)], C::Activate, "choose"),
    quiet(&[ch('g')], C::Refresh, "reload the pool list"),
    quiet(&[ch('i')], C::Invite, "invite users into the listed pool"),
    quiet(&[ch('c')], C::Change, "change the listed pool"),
];

/// Start with a listed pool selected: what can be done with it is in the
/// footer (Enter clones it).
const START_POOL: &[Binding] = &[
    b(&[key(K::Down), key(K::Tab), ch('j')], C::NextField, "next"),
    quiet(
        &[key(K::Up), key(K::BackTab), ch('k')],
        C::PreviousField,
        "previous",
    ),
    b(&[key(K::Enter)], C::Activate, "clone"),
    b(&[ch('c')], C::Change, "change"),
    b(&[ch('i')], C::Invite, "invite"),
    b(&[ch('g')], C::Refresh, "reload"),
];

const ATTRIBUTES: &[Binding] = &[
    b(&[key(K::Down), key(K::Tab)], C::NextField, "row"),
    quiet(
        &[key(K::Up), key(K::BackTab)],
        C::PreviousField,
        "previous row",
    ),
    quiet(&[key(K::Left)], C::Left, "previous column"),
    b(&[key(K::Right)], C::Right, "column"),
    b(&[ch(' ')], C::Toggle, "toggle"),
    b(&[key(K::Enter)], C::Activate, "edit"),
    b(&[ch('a')], C::Add, "add custom"),
    b(&[ch('d'), key(K::Delete)], C::Delete, "delete"),
];

const REVIEW: &[Binding] = &[
    b(&[key(K::Down), ch('j')], C::ScrollDown, "scroll"),
    quiet(&[key(K::Up), ch('k')], C::ScrollUp, "scroll up"),
    b(&[key(K::Tab)], C::SwitchPane, "problems/preview"),
    b(&[key(K::Enter)], C::Activate, "go to field"),
    b(&[ch('e')], C::Export, "export"),
    b(&[ch('s')], C::Submit, "submit"),
    quiet(&[ch('r')], C::Reveal, "show or hide secrets"),
    quiet(&[key(K::Home)], C::ScrollTop, "to the top"),
    quiet(&[key(K::End)], C::ScrollBottom, "to the end"),
];

/// Scrolling a Result screen's text: not in the footer, the screen says
/// "↓ N more" when there is more.
const RESULT_DOWN: Binding = quiet(&[key(K::Down), ch('j')], C::ScrollDown, "scroll");
const RESULT_UP: Binding = quiet(&[key(K::Up), ch('k')], C::ScrollUp, "scroll up");

const RESULT: &[Binding] = &[
    b(&[ch('r')], C::Retry, "retry"),
    b(&[ch('e')], C::PreviousStep, "back to review"),
    b(&[ch('n')], C::NewPool, "new pool"),
    // Nothing was created: not offered, but pressed they say why.
    quiet(&[ch('i')], C::Invite, "invite users"),
    quiet(&[ch('t')], C::TrySignIn, "try a sign-in"),
    RESULT_DOWN,
    RESULT_UP,
];

const CHANGE_APPLIED: &[Binding] = &[
    b(&[ch('e')], C::PreviousStep, "back to review"),
    b(&[ch('n')], C::NewPool, "new pool"),
    RESULT_DOWN,
    RESULT_UP,
];

const FAILED_WITH_POOL: &[Binding] = &[
    b(&[ch('r')], C::Retry, "retry"),
    b(&[ch('e')], C::PreviousStep, "back to review"),
    b(&[ch('i')], C::Invite, "invite users"),
    b(&[ch('n')], C::NewPool, "new pool"),
    quiet(&[ch('t')], C::TrySignIn, "try a sign-in"),
    RESULT_DOWN,
    RESULT_UP,
];

const FAILED_WITH_CLIENT: &[Binding] = &[
    b(&[ch('r')], C::Retry, "retry"),
    b(&[ch('e')], C::PreviousStep, "back to review"),
    b(&[ch('t')], C::TrySignIn, "try a sign-in"),
    b(&[ch('i')], C::Invite, "invite users"),
    b(&[ch('n')], C::NewPool, "new pool"),
    RESULT_DOWN,
    RESULT_UP,
];

const CREATED: &[Binding] = &[
    b(&[ch('i')], C::Invite, "invite users"),
    b(&[ch('n')], C::NewPool, "new pool"),
    // No app client was made: not offered, but pressed it says why.
    quiet(&[ch('t')], C::TrySignIn, "try a sign-in"),
    RESULT_DOWN,
    RESULT_UP,
];

const CREATED_WITH_CLIENT: &[Binding] = &[
    b(&[ch('t')], C::TrySignIn, "try a sign-in"),
    b(&[ch('i')], C::Invite, "invite users"),
    b(&[ch('n')], C::NewPool, "new pool"),
    RESULT_DOWN,
    RESULT_UP,
];

const INVITE: &[Binding] = &[
    b(&[key(K::Tab), key(K::Down)], C::NextField, "next"),
    quiet(
        &[key(K::BackTab), key(K::Up)],
        C::PreviousField,
        "previous field",
    ),
    b(&[key(K::Enter)], C::Activate, "edit"),
    b(&[ch(' ')], C::Toggle, "toggle"),
    quiet(&[key(K::Left)], C::Left, "previous choice"),
    quiet(&[key(K::Right)], C::Right, "next choice"),
    quiet(
        &[key(K::Delete), key(K::Backspace)],
        C::Clear,
        "clear the field",
    ),
    b(&[ch('s')], C::Submit, "invite"),
    quiet(&[ch('r')], C::Reveal, "show or hide the password"),
    quiet(&[ch('g')], C::Refresh, "generate a password"),
    b(&[ch('c')], C::Bulk, "invite from CSV"),
    // The form shows this choice beside `c`, with its trade-offs.
    b(&[ch('m')], C::Import, "import job"),
];

/// The list of rows with problems in a CSV panel scrolls in every state
/// that shows it.
const ROWS_DOWN: Binding = b(&[key(K::Down)], C::ScrollDown, "scroll rows");
const ROWS_UP: Binding = quiet(&[key(K::Up)], C::ScrollUp, "scroll the rows up");

/// Checked, not started: the run's options, starting it, closing.
const INVITE_BULK: &[Binding] = &[
    b(&[ch('s')], C::Submit, "start"),
    b(&[ch('u')], C::Suppress, "SUPPRESS"),
    b(&[ch('k')], C::SkipInvalid, "skip invalid"),
    b(&[ch('a')], C::AcceptLimits, "over limit"),
    ROWS_DOWN,
    ROWS_UP,
    b(&[key(K::Esc)], C::Cancel, "close"),
];

/// While the invitations go out: the options no longer apply.
const INVITE_BULK_RUNNING: &[Binding] = &[
    ROWS_DOWN,
    ROWS_UP,
    b(&[key(K::Esc)], C::Cancel, "stops after the rows in flight"),
];

const INVITE_BULK_DONE: &[Binding] = &[ROWS_DOWN, ROWS_UP, b(&[key(K::Esc)], C::Cancel, "close")];

const IMPORT: &[Binding] = &[
    b(&[ch('s')], C::Submit, "start the import"),
    b(&[ch('k')], C::SkipInvalid, "skip invalid"),
    ROWS_DOWN,
    ROWS_UP,
    b(&[key(K::Esc)], C::Cancel, "close"),
];

const IMPORT_DONE: &[Binding] = &[ROWS_DOWN, ROWS_UP, b(&[key(K::Esc)], C::Cancel, "close")];

/// The one wording of what Esc does while a job runs (footer, title, panel).
pub const STOP_JOB: &str = "asks, then stops the job";

const IMPORT_RUNNING: &[Binding] = &[ROWS_DOWN, ROWS_UP, b(&[key(K::Esc)], C::Cancel, STOP_JOB)];

/// Either CSV panel while its rows are checked (nothing sent yet).
const CSV_CHECKING: &[Binding] = &[b(&[key(K::Esc)], C::Cancel, "cancel the check")];

/// Every question's answers, each in its footer: the two all of them take,
/// and the third some do (the question's own words say the same).
const YES: Binding = b(&[ch('y'), key(K::Enter)], C::Confirm, "yes");
const NO: Binding = b(&[ch('n'), key(K::Esc)], C::Decline, "no");

const CONFIRM: &[Binding] = &[YES, NO];

const CONFIRM_QUIT: &[Binding] = &[YES, b(&[ch('d')], C::Discard, "discard and quit"), NO];

const CONFIRM_REPLACE_DRAFT: &[Binding] = &[YES, b(&[ch('s')], C::Save, "save it first"), NO];

const PROMPT: &[Binding] = &[
    b(&[key(K::Enter)], C::Confirm, "ok"),
    b(&[key(K::Esc)], C::Decline, "cancel"),
    quiet(&[key(K::Tab)], C::Toggle, "switch option"),
];

const HELP_OVERLAY: &[Binding] = &[
    b(
        &[key(K::Esc), ch('?'), ch('q'), key(K::Enter)],
        C::Cancel,
        "close",
    ),
    b(
        &[key(K::Down), ch('j'), key(K::PageDown)],
        C::ScrollDown,
        "scroll",
    ),
    quiet(
        &[key(K::Up), ch('k'), key(K::PageUp)],
        C::ScrollUp,
        "scroll up",
    ),
];

const PLAN_LIST: &[Binding] = &[
    b(&[key(K::Down), key(K::Tab)], C::NextField, "next"),
    quiet(
        &[key(K::Up), key(K::BackTab)],
        C::PreviousField,
        "previous row",
    ),
    b(&[key(K::Enter)], C::Activate, "edit / add"),
    quiet(&[ch(' ')], C::Toggle, "edit / add"),
    b(&[ch('a')], C::Add, "add"),
    b(&[ch('d'), key(K::Delete)], C::Delete, "remove"),
];

/// The bindings of one context (without the global ones).
pub fn bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Form => FORM,
        Context::EntryForm => ENTRY_FORM,
        Context::Editing => EDITING,
        Context::EditingMultiline => EDITING_MULTILINE,
        Context::Start => START,
        Context::Attributes => ATTRIBUTES,
        Context::Review => REVIEW,
        Context::Result => RESULT,
        Context::Created => CREATED,
        Context::Invite => INVITE,
        Context::InviteBulk => INVITE_BULK,
        Context::InviteBulkDone => INVITE_BULK_DONE,
        Context::Confirm => CONFIRM,
        Context::ConfirmQuit => CONFIRM_QUIT,
        Context::ConfirmReplaceDraft => CONFIRM_REPLACE_DRAFT,
        Context::Prompt => PROMPT,
        Context::HelpOverlay => HELP_OVERLAY,
        Context::PlanList => PLAN_LIST,
        Context::CreatedWithClient => CREATED_WITH_CLIENT,
        Context::Import => IMPORT,
        Context::ImportDone => IMPORT_DONE,
        Context::ImportRunning => IMPORT_RUNNING,
        Context::StartPool => START_POOL,
        Context::FailedWithPool => FAILED_WITH_POOL,
        Context::FailedWithClient => FAILED_WITH_CLIENT,
        Context::InviteBulkRunning => INVITE_BULK_RUNNING,
        Context::CsvChecking => CSV_CHECKING,
        Context::ChangeApplied => CHANGE_APPLIED,
    }
}

/// Whether the global keys apply (not while typing or in a modal).
pub fn takes_globals(context: Context) -> bool {
    !matches!(
        context,
        Context::Editing
            | Context::EditingMultiline
            | Context::Confirm
            | Context::ConfirmQuit
            | Context::ConfirmReplaceDraft
            | Context::Prompt
            | Context::HelpOverlay
    )
}

/// The global bindings that apply in a context: undo and redo change the
/// pool's draft, so they do not act on the Invite and Result screens (the
/// invitation form is not part of the draft).
fn globals(context: Context) -> impl Iterator<Item = &'static Binding> {
    let draft_screen = !matches!(
        context,
        Context::Invite
            | Context::InviteBulk
            | Context::InviteBulkDone
            | Context::Result
            | Context::Created
            | Context::CreatedWithClient
            | Context::FailedWithPool
            | Context::FailedWithClient
            | Context::Import
            | Context::ImportDone
            | Context::ImportRunning
            | Context::InviteBulkRunning
            | Context::CsvChecking
            | Context::ChangeApplied
    );
    GLOBAL
        .iter()
        .filter(move |_| takes_globals(context))
        .filter(move |b| draft_screen || !matches!(b.command, Command::Undo | Command::Redo))
}

/// The command a key gives in a context, screen keys first.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Command> {
    bindings(context)
        .iter()
        .chain(globals(context))
        .find(|binding| binding.keys.iter().any(|k| k.matches(event)))
        .map(|binding| binding.command)
}

/// The footer: `key hint` pairs for the context, then the global ones.
pub fn footer(context: Context) -> Vec<(String, &'static str)> {
    footer_offered(context, |_| true)
}

/// The footer without the commands that would change nothing now
/// (`offered` says which do: `k` only with invalid rows to skip).
pub fn footer_offered(
    context: Context,
    offered: impl Fn(Command) -> bool,
) -> Vec<(String, &'static str)> {
    bindings(context)
        .iter()
        .chain(globals(context))
        .filter(|b| b.in_footer && offered(b.command))
        .map(|b| (b.keys[0].label(), b.hint))
        .collect()
}

/// The footer while a call is in flight: how to cancel it comes first,
/// unless the screen's own Esc already says what it does to the call
/// (stopping a job, cancelling a check): one Esc, one meaning.
pub fn footer_during_call(context: Context) -> Vec<(String, &'static str)> {
    let cancel = globals(context)
        .find(|b| b.command == Command::Cancel)
        .filter(|_| own_cancel(context).is_none())
        .map(|b| (b.keys[0].label(), b.hint));
    cancel.into_iter().chain(footer(context)).collect()
}

/// The screen's own Esc, when it has one.
fn own_cancel(context: Context) -> Option<&'static Binding> {
    bindings(context)
        .iter()
        .find(|b| b.command == Command::Cancel)
}

/// What the title says Esc does to the call in flight: the screen's own
/// words when it has them (the same as its footer's), else `Esc cancels`.
pub fn call_cancel_hint(context: Context) -> String {
    match own_cancel(context) {
        Some(b) => format!("{} {}", b.keys[0].label(), b.hint),
        None => "Esc cancels".to_owned(),
    }
}

/// Lines of the help overlay: a title, each context's name, each binding.
pub fn help_lines() -> usize {
    let bindings = all();
    let mut contexts: Vec<&str> = bindings.iter().map(|(c, ..)| *c).collect();
    contexts.dedup();
    1 + contexts.len() + bindings.len()
}

/// Every binding, for the help overlay: (context name, keys, hint).
pub fn all() -> Vec<(&'static str, String, &'static str)> {
    let contexts = [
        ("Everywhere", GLOBAL),
        ("Forms", FORM),
        ("App client and group forms", &[BACK_TO_LIST]),
        ("Typing a field", EDITING),
        ("Typing a message", EDITING_MULTILINE),
        ("Start", START),
        ("Attributes", ATTRIBUTES),
        ("Review", REVIEW),
        ("Result (failed)", RESULT),
        ("Result (created)", CREATED),
        ("Invite", INVITE),
        ("Invite from CSV", INVITE_BULK),
        ("Invite from CSV, done", INVITE_BULK_DONE),
        ("App clients and groups", PLAN_LIST),
        ("Result (created, with app clients)", CREATED_WITH_CLIENT),
        ("Import with the import job", IMPORT),
        ("Import, done", IMPORT_DONE),
        ("Import, running", IMPORT_RUNNING),
        ("Start, a listed pool", START_POOL),
        ("Invite from CSV, running", INVITE_BULK_RUNNING),
        ("Checking a CSV", CSV_CHECKING),
        // Last: the overlay's own keys end it.
        ("Questions", CONFIRM),
        ("Quit?", CONFIRM_QUIT),
        ("Replace the draft?", CONFIRM_REPLACE_DRAFT),
        ("Prompts", PROMPT),
        ("This help", HELP_OVERLAY),
    ];
    contexts
        .into_iter()
        .flat_map(|(name, table)| {
            table.iter().map(move |b| {
                let keys = b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" ");
                (name, keys, b.hint)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
