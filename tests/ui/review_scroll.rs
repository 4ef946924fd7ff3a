//! Review's preview scroll stays on the content: scrolled far past a long
//! plan it still shows the plan's end (never a blank Request box), Home
//! and End go to the ends, and another document starts at its top.

use super::screens::{draw, press};
use super::*;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::Action;

/// The Request box's rows at 80×24 (under the Problems box).
fn request_rows(app: &App) -> Vec<String> {
    let screen = draw(app, (80, 24));
    screen
        .lines()
        .skip_while(|l| !l.contains("Request"))
        .skip(1)
        .take_while(|l| !l.contains('└'))
        .map(|l| l.split('│').nth(3).unwrap_or_default().trim().to_owned())
        .collect()
}

/// The first preset's draft on Review, its preview pane chosen.
fn on_review_preview() -> App {
    let mut app = App::new(Session::default());
    app.update(Action::Resize(80, 24));
    press(&mut app, KeyCode::Enter);
    app.go(StepId::Review);
    press(&mut app, KeyCode::Tab);
    app
}

#[test]
fn the_preview_scroll_stays_on_the_content_and_home_end_reach_the_ends() {
    let mut app = on_review_preview();
    for _ in 0..2000 {
        press(&mut app, KeyCode::Down);
    }
    let rows = request_rows(&app);
    assert!(
        rows.iter().any(|r| !r.is_empty()),
        "the Request box is blank after scrolling: {rows:?}"
    );
    assert!(
        rows.iter().any(|r| r == "}"),
        "the end is in view: {rows:?}"
    );
    press(&mut app, KeyCode::Home);
    let rows = request_rows(&app);
    assert!(rows[0].starts_with("// call 1 of"), "{rows:?}");
    press(&mut app, KeyCode::End);
    let at_end = request_rows(&app);
    assert!(at_end.iter().any(|r| r == "}"), "{at_end:?}");
}

#[test]
fn another_document_starts_the_preview_at_its_top() {
    let mut app = on_review_preview();
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    assert!(!request_rows(&app)[0].starts_with("// call 1 of"));
    // The document changes: the pool name gets one more letter.
    app.go(StepId::SignIn);
    let before = app.doc().create.pool_name.clone();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    assert_ne!(app.doc().create.pool_name, before);
    app.go(StepId::Review);
    let rows = request_rows(&app);
    assert!(rows[0].starts_with("// call 1 of"), "{rows:?}");
}

/// A Result longer than the screen (a long error after many calls) says
/// what is below at 80×24, ↓ scrolls to its end, ↑ back to its top.
#[test]
fn a_long_result_says_there_is_more_and_scrolls_to_its_end() {
    use cognito_wizard::api::{ApiError, CreatedPool};
    use cognito_wizard::run::{PlanFailure, Progress};
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    let pool = CreatedPool {
        id: "eu-west-1_Long".into(),
        arn: None,
        name: None,
    };
    let long = format!(
        "the start of the answer {} the end of the answer",
        "word ".repeat(160)
    );
    super::screens::submitted(
        &mut app,
        Err(PlanFailure {
            operation: "CreateGroup",
            call: "CreateGroup \"admins\"".into(),
            error: ApiError::service("InternalErrorException", long),
            created: Some(pool.clone()),
            progress: Box::new(Progress::from_pool(Some(pool))),
        }),
    );
    app.update(Action::Resize(80, 24));
    let top = draw(&app, (80, 24));
    assert!(top.contains("CreateGroup failed."), "{top}");
    assert!(top.contains("↓ "), "a more marker: {top}");
    assert!(top.contains(" more"), "{top}");
    assert!(!top.contains("Your draft is intact"), "{top}");
    for _ in 0..80 {
        press(&mut app, KeyCode::Down);
    }
    let end = draw(&app, (80, 24));
    assert!(end.contains("Your draft is intact"), "{end}");
    assert!(end.contains("↑ "), "{end}");
    assert!(!end.contains("CreateGroup failed."), "{end}");
    for _ in 0..200 {
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(draw(&app, (80, 24)), top, "back at the top");
}
