//! RESEND after SUPPRESS: each invitation goes out once, whatever is lost.

use super::*;

/// Creates `n` users without invitations, as the delivery check suggests.
async fn suppressed(n: usize) -> (Setup, Arc<Fake>) {
    suppressed_with(n, Fake::new()).await
}

async fn suppressed_with(n: usize, fake: Fake) -> (Setup, Arc<Fake>) {
    let setup = Setup::new(&users_csv(n));
    let api = Arc::new(fake);
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert_eq!(summary.created, n as u64);
    (setup, api)
}

fn resend_options(setup: &Setup) -> InviteOptions {
    InviteOptions {
        message_action: Some("RESEND".into()),
        ..setup.options()
    }
}

fn timeout() -> ApiError {
    ApiError::new(ErrorKind::Timeout, "no answer within 20 s")
}

/// As if a RESEND run was killed after journaling its intent for `line`
/// (whose user is `username`), before the answer was journaled.
fn leave_intent(setup: &Setup, line: u64, before: Option<String>) {
    let created = setup
        .journal_rows()
        .into_iter()
        .find(|r| r.line == line)
        .expect("the row was created");
    let intent = RowRecord {
        outcome: Outcome::Resending { before },
        ..created
    };
    let path = setup.dir.path().join("users.csv.journal.jsonl");
    let mut text = setup.journal_text();
    text.push_str(&serde_json::to_string(&Entry::Row(intent)).unwrap());
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_resend_whose_answer_is_lost_is_not_sent_again() {
    let (setup, api) = suppressed(3).await;
    api.fault("user2", [Fault::CreateThenFail(timeout())]);
    let (summary, _) = run_ok(&api, resend_options(&setup)).await;
    assert_eq!(
        summary.to_string(),
        "3 rows: 0 created, 3 resent, 0 already existed, 0 invalid, 0 failed"
    );
    for user in ["user1", "user2", "user3"] {
        assert_eq!(api.resends(user), 1, "{user}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_resend_that_timed_out_before_going_out_is_sent_once_more() {
    let (setup, api) = suppressed(2).await;
    api.fault("user1", [Fault::Fail(timeout()), Fault::Fail(timeout())]);
    let (summary, _) = run_ok(&api, resend_options(&setup)).await;
    assert_eq!(summary.resent, 2, "{summary}");
    assert_eq!(api.resends("user1"), 1);
    // Two failed tries and the one that went out.
    assert_eq!(api.calls_by_user.lock().unwrap()["user1"], 1 + 3);
}

#[tokio::test(start_paused = true)]
async fn throttling_on_a_resend_is_retried_without_asking_the_user_state_again() {
    let (setup, api) = suppressed(2).await;
    api.fault(
        "user2",
        [Fault::Fail(ApiError::service(
            "TooManyRequestsException",
            "Rate exceeded",
        ))],
    );
    let (summary, _) = run_ok(&api, resend_options(&setup)).await;
    assert_eq!(summary.resent, 2, "{summary}");
    assert_eq!(api.resends("user2"), 1);
    // Per row: one AdminGetUser before the intent; user2 also its throttled try.
    assert_eq!(summary.calls, 2 * 2 + 1, "{summary:?}");
}

#[tokio::test(start_paused = true)]
async fn an_intent_left_by_a_crash_is_settled_by_the_users_state() {
    let (setup, api) = suppressed(3).await;
    // Line 2 (user1): the intent was journaled, the resend never went out.
    leave_intent(&setup, 2, Some(api.modified("user1")));
    // Line 3 (user2): the resend went out, then the process died.
    leave_intent(&setup, 3, Some(api.modified("user2")));
    api.apply_resend("user2");
    let before = api.calls();

    let (summary, _) = run_ok(&api, resend_options(&setup)).await;
    assert_eq!(summary.resent, 3, "{summary}");
    assert_eq!(api.resends("user1"), 1);
    assert_eq!(api.resends("user2"), 1, "not sent a second time");
    assert_eq!(api.resends("user3"), 1);
    assert_eq!(api.calls() - before, 2, "user1 and user3 only");
    // And a rerun has nothing left to send.
    let (again, _) = run_ok(&api, resend_options(&setup)).await;
    assert_eq!(again.calls, 0, "{again:?}");
}

#[tokio::test(start_paused = true)]
async fn without_a_modification_time_an_unfinished_resend_stays_uncertain() {
    let fake = Fake {
        no_modified_time: true,
        ..Fake::new()
    };
    let (setup, api) = suppressed_with(2, fake).await;
    leave_intent(&setup, 2, None);
    let (summary, _) = run(&api, resend_options(&setup), StopHandle::new()).await;
    let summary = summary.unwrap();
    assert_eq!(
        summary.to_string(),
        "2 rows: 0 created, 1 resent, 0 already existed, 0 invalid, 1 failed (of them 1 uncertain: see the report; --resend-uncertain sends them again)"
    );
    assert_eq!(api.resends("user1"), 0, "never resent on a guess");
    let report = setup.report();
    assert_eq!(report[0][2], "uncertain", "{report:?}");
    assert_eq!(report[0][3], crate::invite::report::RESEND_UNCERTAIN);

    // Told to, the run sends it.
    let told = InviteOptions {
        resend_uncertain: true,
        ..resend_options(&setup)
    };
    let (summary, _) = run_ok(&api, told).await;
    assert_eq!(summary.resent, 2, "{summary}");
    assert_eq!(api.resends("user1"), 1);
}

#[tokio::test(start_paused = true)]
async fn a_rerun_with_suppress_takes_an_unfinished_resend_as_done() {
    let (setup, api) = suppressed(2).await;
    leave_intent(&setup, 2, Some(api.modified("user1")));
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert_eq!(summary.calls, 0, "{summary:?}");
}
