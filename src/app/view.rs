//! Read access for the drawing code and the tests: the app's state is
//! changed only through [`App::update`] (and the two set-up calls here).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;

impl App {
    /// `NO_COLOR`: draw without colour.
    pub fn set_no_color(&mut self, no_color: bool) {
        self.no_color = no_color;
    }

    /// The draft file name waiting for "replace it?".
    pub fn pending_draft_file(&self) -> Option<&PathBuf> {
        self.pending_draft_file.as_ref()
    }

    /// Offers to resume an autosaved draft found at start-up.
    pub fn offer_resume(&mut self, text: String) {
        self.start.offer_resume(text);
    }

    pub fn doc(&self) -> &PoolDocument {
        &self.doc
    }
    pub fn raw(&self) -> &BTreeMap<String, String> {
        &self.raw
    }
    pub fn json(&self) -> &binding::Snapshot {
        &self.json
    }
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    pub fn preview(&self) -> &[(String, String)] {
        &self.preview
    }
    pub fn step(&self) -> StepId {
        self.step
    }
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }
    pub fn show_preview(&self) -> bool {
        self.show_preview
    }
    pub fn preview_scroll(&self) -> u16 {
        self.preview_scroll
    }
    pub fn reveal_secrets(&self) -> bool {
        self.reveal_secrets
    }
    pub fn start(&self) -> &start::StartScreen {
        &self.start
    }
    pub fn attributes(&self) -> &attributes::AttributesScreen {
        &self.attributes
    }
    pub fn review(&self) -> &review::ReviewScreen {
        &self.review
    }
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    pub fn invite(&self) -> &invite::InviteScreen {
        &self.invite
    }
    pub fn bulk(&self) -> &bulk::BulkScreen {
        &self.bulk
    }
    pub fn import(&self) -> &import::ImportScreen {
        &self.import
    }
    /// Where the keyboard is on the step's screen, under any modal or
    /// editor (what its Esc does to the call in flight).
    pub fn screen_context(&self) -> keymap::Context {
        screen::current(self).context(self)
    }
    pub fn call(&self) -> Option<&InFlight> {
        self.call.as_ref()
    }
    pub fn target(&self) -> Option<&TargetInfo> {
        self.target.as_ref()
    }
    pub fn session(&self) -> &Session {
        &self.session
    }
    pub fn status(&self) -> Option<&String> {
        self.status.as_ref()
    }
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    pub fn frame(&self) -> usize {
        self.frame
    }
    pub fn quit(&self) -> bool {
        self.quit
    }
    pub fn no_color(&self) -> bool {
        self.no_color
    }
    pub fn same_name(&self) -> Option<&crate::api::ApiResult<Vec<crate::api::PoolSummary>>> {
        self.same_name.as_ref()
    }
    pub fn created_here(&self) -> &[CreatedPool] {
        &self.created_here
    }
    pub fn export_in_the_way(&self) -> &[PathBuf] {
        &self.export_in_the_way
    }
    /// How the last "Try a sign-in" ended.
    pub fn sign_in_said(&self) -> Option<&(bool, String)> {
        self.sign_in.said.as_ref()
    }
}
