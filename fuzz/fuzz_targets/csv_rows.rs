//! CSV files for bulk invitations, read as the inviter streams them: the
//! header, then each record as a row and its AdminCreateUser request, checked
//! alone and against a pool, and previewed.
#![no_main]

use std::io::Cursor;

use cognito_wizard::invite::rows::{RowReader, RowTemplate};
use cognito_wizard::model::pool::SchemaAttribute;
use cognito_wizard::model::CreateUserPoolRequest;
use cognito_wizard::validate::PoolFacts;
use cognito_wizard_fuzz::{check_problems, exercise_user};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pool = PoolFacts::from_request(&CreateUserPoolRequest {
        username_attributes: Some(vec!["email".into()]),
        schema: Some(vec![SchemaAttribute {
            name: Some("team".into()),
            attribute_data_type: Some("String".into()),
            ..Default::default()
        }]),
        ..Default::default()
    });
    let template = RowTemplate {
        user_pool_id: "us-east-1_Fuzz1".into(),
        message_action: Some("SUPPRESS".into()),
        delivery: Some(vec!["EMAIL".into()]),
        username_attributes: vec!["email".into()],
        groups: Some(std::collections::BTreeSet::from(["admins".to_owned()])),
    };
    for facts in [None, Some(&pool)] {
        let mut reader = match RowReader::new(Cursor::new(data), template.clone(), facts) {
            Err(unreadable) => {
                assert!(!unreadable.to_string().is_empty());
                continue;
            }
            Ok(Err(header)) => {
                assert!(!header.is_empty());
                check_problems(&header);
                continue;
            }
            Ok(Ok(reader)) => reader,
        };
        let _ = reader.columns().names();
        let mut last = 1;
        while let Some(row) = reader.next_row() {
            match row {
                Ok(row) => {
                    // Each record on a line of its own, after the header's.
                    assert!(row.line > last, "line {} after {last}", row.line);
                    last = row.line;
                    check_problems(&row.problems);
                    let _ = (row.username(), row.hash.to_string());
                    exercise_user(&row.request, facts);
                }
                Err(unreadable) => {
                    assert!(unreadable.to_string().contains("line "), "{unreadable}");
                    break;
                }
            }
        }
    }
});
