//! The App clients, Domain and Groups steps: their screens at both sizes,
//! and flows on the real loop (a client from a preset, a callback URL that
//! is refused at its field, a domain and a group, what Review previews, a
//! removed client undone, a removed machine client taking its resource
//! server, the branding style following its client's rename, Esc at a new
//! entry's name leaving nothing behind).

use super::keep::retype;
use super::screens::{draw, press, SIZES};
use super::*;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::Action;

/// Each size drawn as the app lays out for it (told by a resize).
fn snapshot(name: &str, app: &mut App) {
    for size in SIZES {
        app.update(Action::Resize(size.0, size.1));
        let text = draw(app, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text);
    }
}

/// The first preset's draft, on `step`.
fn on(step: StepId) -> App {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    app.go(step);
    app
}

/// Adds the first client preset (single-page app) and finishes its name.
fn with_client() -> App {
    let mut app = on(StepId::AppClients);
    press(&mut app, KeyCode::Enter); // the first "+ add" row
    press(&mut app, KeyCode::Enter); // the name as the preset has it
    app
}

fn screens() -> Vec<(&'static str, App)> {
    let empty_list = on(StepId::AppClients);
    let list = {
        let mut app = with_client();
        press(&mut app, KeyCode::Esc);
        app
    };
    let client_form = with_client();
    let domain = {
        let mut app = with_client();
        app.go(StepId::Domain);
        press(&mut app, KeyCode::Char(' ')); // the domain on
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Enter);
        for c in "my-app-login".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        for _ in 0..2 {
            press(&mut app, KeyCode::Tab);
        }
        // Managed login: not set → 1 → 2 (adds the branding style).
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Char(' '));
        app
    };
    let groups = {
        let mut app = on(StepId::Groups);
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
        app
    };
    vec![
        ("plan_clients_empty", empty_list),
        ("plan_clients_list", list),
        ("plan_client_form", client_form),
        ("plan_domain", domain),
        ("plan_groups", groups),
    ]
}

#[test]
fn the_new_steps_at_both_sizes() {
    for (name, mut app) in screens() {
        snapshot(name, &mut app);
    }
}

#[test]
fn a_preset_client_lands_in_the_plan_with_its_name_being_typed() {
    let mut app = on(StepId::AppClients);
    press(&mut app, KeyCode::Enter);
    assert!(app.editor().is_some(), "the name is being typed");
    assert_eq!(app.doc().clients.len(), 1);
    assert_eq!(app.doc().clients[0].name(), "web-app");
    press(&mut app, KeyCode::Enter);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("App client 1 of 1: web-app"), "{screen}");
    assert!(screen.contains("▶ Client name"), "{screen}");
}

#[test]
fn the_preview_follows_the_focused_client_member() {
    let mut app = with_client();
    press(&mut app, KeyCode::Char('p'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab); // Auth flows
    }
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("of 3: CreateUserPoolClient"), "{screen}");
    assert!(screen.contains("\"ExplicitAuthFlows\""), "{screen}");
}

#[test]
fn a_jump_to_a_clients_problem_opens_that_client_at_the_field() {
    let mut app = with_client();
    press(&mut app, KeyCode::Esc);
    app.go(StepId::Review);
    app.jump_to("CreateUserPoolClient[0].CallbackURLs[0]");
    assert_eq!(app.step(), StepId::AppClients);
    let field = cognito_wizard::app::form::focused(&app).expect("the form is open");
    assert_eq!(field.path, "CreateUserPoolClient[0].CallbackURLs");
}

#[test]
fn an_oauth_client_without_a_domain_goes_to_the_domain_with_g() {
    let mut app = with_client();
    // OAuth on, with the code flow (the preset has none without a domain).
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        cognito_wizard::app::form::focused(&app).map(|f| f.path),
        Some("CreateUserPoolClient[0].AllowedOAuthFlows")
    );
    press(&mut app, KeyCode::Char(' '));
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("OAuth flows need a domain"),
        "the problem shows at the field:\n{screen}"
    );
    assert!(screen.contains("fixed on Domain"), "{screen}");
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.step(), StepId::Domain);
    assert_eq!(
        cognito_wizard::app::form::focused(&app).map(|f| f.path),
        Some("CreateUserPoolDomain")
    );
}

/// A client, then the Domain step with the domain on and the focus on the
/// managed login version.
fn at_managed_login() -> App {
    let mut app = with_client();
    app.go(StepId::Domain);
    press(&mut app, KeyCode::Char(' '));
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    app
}

#[test]
fn managed_login_two_brings_the_branding_style_and_one_puts_it_aside() {
    let mut app = at_managed_login();
    assert_eq!(
        cognito_wizard::app::form::focused(&app).map(|f| f.path),
        Some("CreateUserPoolDomain.ManagedLoginVersion")
    );
    press(&mut app, KeyCode::Right); // 1
    press(&mut app, KeyCode::Right); // 2
    let branding = app.doc().branding.clone().expect("added with version 2");
    assert_eq!(branding.use_cognito_provided_values, Some(true));
    assert_eq!(
        branding.client_id.as_deref(),
        Some("<ClientId from CreateUserPoolClient \"web-app\">")
    );
    press(&mut app, KeyCode::Right); // not set
    assert!(app.doc().branding.is_none());
    press(&mut app, KeyCode::Left); // 2 again: the same style back
    assert_eq!(app.doc().branding, Some(branding));
}

/// The branding style names its client by name: renaming the client on
/// its form takes the style with it, so the plan stays whole.
#[test]
fn the_branding_style_follows_its_clients_rename() {
    let mut app = at_managed_login();
    press(&mut app, KeyCode::Right); // 1
    press(&mut app, KeyCode::Right); // 2: the style, for web-app
    app.go(StepId::AppClients);
    if cognito_wizard::app::plan_steps::shows_list(&app) {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(
        cognito_wizard::app::form::focused(&app).map(|f| f.path),
        Some("CreateUserPoolClient[0].ClientName")
    );
    press(&mut app, KeyCode::Enter);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "portal".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.doc().clients[0].client_name.as_deref(), Some("portal"));
    assert_eq!(
        app.doc()
            .branding
            .as_ref()
            .and_then(|b| b.client_id.as_deref()),
        Some("<ClientId from CreateUserPoolClient \"portal\">")
    );
    app.go(StepId::Domain);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("‹ portal ›"), "{screen}");
    assert!(
        !app.problems()
            .iter()
            .any(|p| p.path.starts_with("CreateManagedLoginBranding")),
        "{:?}",
        app.problems()
    );
    // Undo takes the rename back, the style's client with it.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.doc()
            .branding
            .as_ref()
            .and_then(|b| b.client_id.as_deref()),
        Some("<ClientId from CreateUserPoolClient \"web-app\">")
    );
}

/// The machine-to-machine client brings its resource server; removing the
/// client takes the server too (nobody would use it), undo brings both
/// back, and a server another client still uses stays.
#[test]
fn a_removed_machine_client_takes_its_resource_server_and_undo_brings_both() {
    let mut app = on(StepId::AppClients);
    let add_machine = |app: &mut App| {
        for _ in 0..10 {
            if draw(app, (120, 40)).contains("▶ + add: Machine to machine") {
                break;
            }
            press(app, KeyCode::Tab);
        }
        press(app, KeyCode::Enter);
        press(app, KeyCode::Enter); // the preset's name
        press(app, KeyCode::Esc); // back to the list
    };
    add_machine(&mut app);
    assert_eq!(app.doc().clients.len(), 1);
    assert_eq!(app.doc().resource_servers.len(), 1);
    let server = app.doc().resource_servers[0].clone();
    let to_first_client = |app: &mut App| {
        while cognito_wizard::app::plan_steps::List::Clients
            .state(app)
            .row
            != 0
        {
            press(app, KeyCode::Tab);
        }
    };
    to_first_client(&mut app);
    press(&mut app, KeyCode::Char('d'));
    assert!(app.doc().clients.is_empty());
    assert!(
        app.doc().resource_servers.is_empty(),
        "not left in the plan"
    );
    assert!(
        draw(&app, (120, 40)).contains("and the resource server only it used (u undoes)"),
        "{}",
        draw(&app, (120, 40))
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.doc().clients.len(), 1);
    assert_eq!(app.doc().resource_servers, [server]);

    // Two clients use its scopes: removing one keeps the server.
    add_machine(&mut app);
    assert_eq!(app.doc().clients.len(), 2);
    to_first_client(&mut app);
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.doc().clients.len(), 1);
    assert_eq!(app.doc().resource_servers.len(), 1, "still used");
}

#[test]
fn esc_at_a_new_entrys_name_leaves_nothing_behind() {
    let mut app = on(StepId::AppClients);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert!(app.doc().clients.is_empty());
    assert!(app.doc().resource_servers.is_empty());
    assert_eq!(
        app.context(),
        cognito_wizard::app::keymap::Context::PlanList
    );
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Esc);
    assert!(app.doc().groups.is_empty());
    // Nothing to undo either: the add never happened.
    press(&mut app, KeyCode::Char('u'));
    assert!(app.doc().groups.is_empty() && app.doc().clients.is_empty());
}

/// From Sign-in: pages to App clients and adds the single-page preset
/// with its own name; ends on the client's form.
pub(super) async fn add_first_client(d: &mut Driver) {
    for _ in 0..8 {
        d.key(KeyCode::PageDown);
    }
    d.wait_for("+ add: Single-page / mobile app").await;
    d.key(KeyCode::Enter);
    d.wait_for("Tab done").await;
    d.key(KeyCode::Enter);
    d.wait_for("▶ Client name").await;
}

/// On the Groups list: adds a group named `name`; ends on its form.
pub(super) async fn add_group(d: &mut Driver, name: &str) {
    d.wait_for("+ add a group").await;
    d.key(KeyCode::Char('a'));
    d.wait_for("Tab done").await;
    d.ctrl('u');
    d.text(name);
    d.key(KeyCode::Enter);
    d.wait_for(&format!("Group 1 of 1: {name}")).await;
}

/// Scrolls down a line at a time, each time waiting for the screen to
/// move, until it shows `needle`.
async fn scroll_until(d: &mut Driver, needle: &str) {
    for _ in 0..80 {
        if d.screen.borrow_and_update().contains(needle) {
            return;
        }
        d.key(KeyCode::Down);
        let moved = tokio::time::timeout(WAIT, d.screen.changed()).await;
        assert!(moved.is_ok(), "the screen stopped moving before {needle:?}");
    }
    panic!(
        "{needle:?} never scrolled into view:\n{}",
        *d.screen.borrow()
    );
}

#[tokio::test]
async fn a_client_a_domain_and_a_group_reach_the_review() {
    let dir = temp_dir("plan-steps");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (120, 40),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            add_first_client(&mut d).await;
            for _ in 0..7 {
                d.key(KeyCode::Tab);
            }
            d.wait_for("▶ Callback URLs").await;
            retype(&mut d, "http://example.com").await;
            d.wait_for("must use https").await;
            d.key(KeyCode::Esc);
            d.wait_for("▶ ✗ web-app").await;

            d.key(KeyCode::PageDown);
            d.wait_for("▶ Create a domain").await;
            d.key(KeyCode::Char(' '));
            d.key(KeyCode::Tab);
            retype(&mut d, "my-app-login").await;

            d.key(KeyCode::PageDown);
            add_group(&mut d, "admins").await;
            d.key(KeyCode::Esc);

            d.key(KeyCode::PageDown);
            d.wait_for("call 2 of 4: CreateUserPoolClient").await;
            // The preview pane, scrolled down to the later calls.
            d.key(KeyCode::Tab);
            scroll_until(&mut d, "call 3 of 4: CreateUserPoolDomain").await;
            scroll_until(&mut d, "\"Domain\": \"my-app-login\"").await;
            scroll_until(&mut d, "call 4 of 4: CreateGroup").await;
            scroll_until(&mut d, "\"GroupName\": \"admins\"").await;

            // Back to the clients: remove the client, then undo.
            for _ in 0..3 {
                d.key(KeyCode::PageUp);
            }
            d.wait_for("▶ ✗ web-app").await;
            d.key(KeyCode::Char('d'));
            d.wait_for("Removed web-app").await;
            d.key(KeyCode::Char('u'));
            d.wait_for("▶ ✗ web-app").await;
        },
    )
    .await;
    let doc = app.doc();
    assert_eq!(doc.clients.len(), 1, "the removed client came back");
    assert_eq!(
        doc.clients[0].callback_urls.as_deref(),
        Some(&["http://example.com".to_owned()][..])
    );
    assert_eq!(
        doc.domain.as_ref().and_then(|d| d.domain.as_deref()),
        Some("my-app-login")
    );
    assert_eq!(doc.groups[0].group_name.as_deref(), Some("admins"));
    let problems: Vec<&str> = app.problems().iter().map(|p| p.path.as_str()).collect();
    assert!(
        problems.contains(&"CreateUserPoolClient[0].CallbackURLs[0]"),
        "{problems:?}"
    );
    assert!(api.calls().is_empty(), "nothing was sent");
}

/// At 80×24 every option of the client's sets is on screen when the set is
/// focused: options too wide to sit beside the label go under it.
#[test]
fn every_option_of_a_clients_sets_is_visible_at_80x24() {
    use cognito_wizard::app::fields::FieldKind;
    let mut app = with_client();
    let mut checked = 0;
    for _ in 0..cognito_wizard::app::form::shown(&app, StepId::AppClients).len() {
        if let Some(field) = cognito_wizard::app::form::focused(&app) {
            if let FieldKind::Set(values) = field.kind {
                let screen = draw(&app, (80, 24));
                for value in values {
                    assert!(
                        screen.contains(&format!("] {value}")),
                        "{}: {value} is not on screen:\n{screen}",
                        field.path
                    );
                }
                checked += 1;
            }
        }
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(checked, 2, "ExplicitAuthFlows and AllowedOAuthFlows");
}

/// A list longer than its rows (many groups at 80x24) ends in a more-marker
/// instead of hiding the `+ add` row unseen.
#[test]
fn a_long_list_says_what_it_hides() {
    let mut app = on(StepId::Groups);
    for _ in 0..12 {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
    }
    assert_eq!(app.doc().groups.len(), 12);
    app.update(Action::Resize(80, 24));
    // Back to the first row: the rest, the add row among them, is below.
    press(&mut app, KeyCode::Home);
    for _ in 0..12 {
        press(&mut app, KeyCode::Up);
    }
    let screen = draw(&app, (80, 24));
    assert!(screen.contains("↓"), "{screen}");
    assert!(screen.contains("more"), "{screen}");
}
