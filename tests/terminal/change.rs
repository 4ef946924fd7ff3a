//! `cognito-wizard --pool ID` in a real terminal against moto: the pool
//! opens in change mode, one member is changed, and moto has it.

use super::*;

/// A pool in moto with a password policy; its id.
fn pool_with_policy() -> String {
    let request: CreateUserPoolRequest = serde_json::from_value(serde_json::json!({
        "PoolName": support::unique_name("tmux-change"),
        "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": true}},
        "DeletionProtection": "ACTIVE"
    }))
    .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let api = support::moto_api().await;
        api.create_user_pool(request).await.expect("created").id
    })
}

#[test]
fn change_a_pool_opened_with_pool_in_a_real_terminal() {
    let scratch = Scratch::new("change");
    let id = pool_with_policy();
    let command = format!("{} --pool {id}", wizard_command(&scratch.state()));
    let tmux = Tmux::start("change", &command, 100, 30);
    // The title keeps the id's start and where the calls go; the status
    // names the pool whole.
    tmux.wait_for("CHANGING us-east-1_");
    tmux.wait_for("· LOCAL EMULATOR ");
    tmux.wait_for(&format!("({id})"));
    tmux.wait_for("▶ Pool name");
    next_step(&tmux, "Password", "▶ Minimum length");
    set_text(&tmux, "16");
    use cognito_wizard::app::fields::StepId;
    tmux.repeat("NPage", StepId::Review.index() - StepId::Password.index());
    tmux.wait_for("Policies.PasswordPolicy.MinimumLength: 12 -> 16");
    tmux.keys(&["s"]);
    tmux.wait_for("Change the user pool?");
    tmux.wait_for("(local emulator, not AWS)");
    tmux.keys(&["y"]);
    tmux.wait_for("every member has the value sent");
    let doc = describe(&id);
    let policy = doc.create.policies.unwrap().password_policy.unwrap();
    assert_eq!(policy.minimum_length, Some(16));
    assert!(policy.require_uppercase, "kept");
    assert_eq!(doc.create.deletion_protection.as_deref(), Some("ACTIVE"));
    // The change is in the pool: quitting asks nothing.
    tmux.keys(&["q"]);
    tmux.wait_exited();
}
