//! The CSV's `groups` column: each group's outcome per row, in the journal,
//! the report, the events and the summary; a row with a failed group is done
//! again by the next run, which adds what is missing and nothing twice.

use super::*;
use crate::invite::groups::{GroupOutcome, GroupResult};
use crate::invite::Tally;

fn added(group: &str) -> GroupOutcome {
    GroupOutcome {
        group: group.into(),
        result: GroupResult::Added,
    }
}

fn not_found(group: &str) -> GroupOutcome {
    GroupOutcome {
        group: group.into(),
        result: GroupResult::Failed {
            code: "ResourceNotFoundException".into(),
            message: "Group not found.".into(),
        },
    }
}

#[tokio::test(start_paused = true)]
async fn each_group_is_reported_per_row_and_a_failed_one_is_added_by_the_next_run() {
    let setup = Setup::new(
        "username,email,groups\n\
         ana,ana@example.com,admins;ops\n\
         ben,ben@example.com,admins\n\
         cy,cy@example.com,\n",
    );
    let fake = Fake::new();
    fake.groups
        .lock()
        .unwrap()
        .extend(["admins".to_owned(), "ops".to_owned()]);
    let api = Arc::new(fake);

    // "ops" is deleted between the check and the send.
    let (tx, mut rx) = channel();
    let prepared = prepare(api.as_ref(), setup.options(), &tx).await.unwrap();
    api.groups.lock().unwrap().remove("ops");
    let summary = send(api.clone(), prepared, tx, StopHandle::new())
        .await
        .unwrap();
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    assert_eq!(
        summary.to_string(),
        "3 rows: 2 created, 0 already existed, 0 invalid, 1 failed (of them 1 created but not in every group: see the report's groups column; a run again adds them); groups: 2 added, 1 failed"
    );
    assert_eq!(api.created("ana"), 1, "the user was created");
    let ana = setup
        .journal_rows()
        .into_iter()
        .find(|r| r.username == "ana")
        .unwrap();
    assert_eq!(ana.groups, [added("admins"), not_found("ops")]);
    assert_eq!(
        ana.outcome,
        Outcome::Failed {
            code: "ResourceNotFoundException".into(),
            message: "created, but not added to the group \"ops\": Group not found.".into()
        }
    );
    let report = setup.report();
    assert_eq!(
        report[0][5],
        "admins: added; ops: failed (ResourceNotFoundException)"
    );
    assert_eq!(report[1][5], "admins: added");
    assert_eq!(report[2][5], "");
    // The display hears of the group's failure with the row.
    let mut tally = Tally::default();
    for e in &events {
        tally.apply(e, tokio::time::Instant::now());
    }
    assert_eq!((tally.failed, tally.groups_failed), (1, 1));
    assert!(tally
        .line(tokio::time::Instant::now())
        .contains("1 group additions failed"));

    // The group is back: the next run does ana's row again, and only it.
    api.groups.lock().unwrap().insert("ops".into());
    let calls_before = api.group_calls.load(Ordering::SeqCst);
    let (again, _) = run_ok(&api, setup.options()).await;
    assert!(again.complete(), "{again}");
    assert_eq!(api.created("ana"), 1, "never created twice");
    assert_eq!(
        api.group_calls.load(Ordering::SeqCst) - calls_before,
        2,
        "ana's two groups only"
    );
    let members: Vec<(String, String)> = api.members.lock().unwrap().iter().cloned().collect();
    let pair = |u: &str, g: &str| (u.to_owned(), g.to_owned());
    assert_eq!(
        members,
        [
            pair("ana", "admins"),
            pair("ana", "ops"),
            pair("ben", "admins")
        ]
    );
    let report = setup.report();
    assert_eq!(report[0][2], "exists");
    assert_eq!(report[0][5], "admins: added; ops: added");
    assert_eq!(
        again.to_string(),
        "3 rows: 2 created, 1 already existed, 0 invalid, 0 failed; groups: 3 added, 0 failed"
    );
}
