//! Delivery preflight: will the invitations actually arrive?
//!
//! Creating users succeeds long after invitation messages stop going out, and
//! nothing in the AdminCreateUser answers says so. What the pool can deliver:
//!
//! * email through Cognito's own sender (`COGNITO_DEFAULT`, or no
//!   EmailConfiguration): 50 messages a day for the whole pool — beyond that,
//!   users are created but never hear of it. A run that would email more than
//!   that is refused unless the operator suppresses the invitations
//!   (`--message-action SUPPRESS`, to resend later with RESEND) or accepts the
//!   limit explicitly (`--accept-delivery-limits`);
//! * email through SES (`DEVELOPER`): an account still in the SES sandbox only
//!   delivers to verified addresses (and 200 a day) — a warning, as Cognito
//!   cannot tell us whether the account is out of the sandbox;
//! * SMS: accounts start in the SNS SMS sandbox (verified numbers only, a
//!   small monthly spend limit), and a pool without an SMS configuration
//!   cannot text at all — warnings.
//!
//! Counting is deliberately pessimistic: when no delivery medium is given, a
//! row with an email address is counted as emailed and one with a phone number
//! as texted, since Cognito decides the medium itself then.

use crate::validate::PoolFacts;

/// Emails a day that Cognito's default sender delivers for a pool.
pub const COGNITO_DEFAULT_DAILY_EMAILS: u64 = 50;

/// How many of the rows to send could get an invitation by each medium
/// (before the message action is applied).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryCounts {
    pub email: u64,
    pub sms: u64,
}

impl DeliveryCounts {
    /// Counts one row that will be sent.
    pub fn count(&mut self, has_email: bool, has_phone: bool, delivery: Option<&[String]>) {
        let wants = |medium: &str| delivery.is_none_or(|d| d.iter().any(|m| m == medium));
        if has_email && wants("EMAIL") {
            self.email += 1;
        }
        if has_phone && wants("SMS") {
            self.sms += 1;
        }
    }
}

/// The verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preflight {
    /// Invitations that would be emailed / texted under the message action.
    pub emails: u64,
    pub texts: u64,
    /// Things the operator should know; the run goes ahead.
    pub warnings: Vec<String>,
    /// Why the run must not start as it is, naming the ways out.
    pub refusal: Option<String>,
}

/// Checks what a run would send against what the pool can deliver.
pub fn check(
    facts: &PoolFacts,
    counts: DeliveryCounts,
    message_action: Option<&str>,
    accept_limits: bool,
) -> Preflight {
    let mut out = Preflight::default();
    if message_action == Some("SUPPRESS") {
        return out;
    }
    out.emails = counts.email;
    out.texts = counts.sms;
    let sender = facts
        .email_sending_account
        .as_deref()
        .or(crate::model::defaults::member(
            "EmailConfiguration.EmailSendingAccount",
        ))
        .unwrap_or_default();
    if out.emails > 0 {
        if sender == "DEVELOPER" {
            out.warnings.push(format!(
                "{} will be emailed through Amazon SES: if the SES account is still in its sandbox, only verified addresses receive them (and at most 200 a day); request production access in the SES console first",
                crate::text::count(out.emails, "invitation")
            ));
        } else if out.emails > COGNITO_DEFAULT_DAILY_EMAILS {
            let reason = format!(
                "{} invitations would be emailed, but this pool sends email with Cognito's default sender, which delivers at most {COGNITO_DEFAULT_DAILY_EMAILS} a day; the other users would be created without ever receiving their invitation",
                out.emails
            );
            if accept_limits {
                out.warnings
                    .push(format!("{reason} (going ahead anyway, as asked)"));
            } else {
                out.refusal = Some(reason);
            }
        } else {
            out.warnings.push(format!(
                "{} will be emailed with Cognito's default sender, which delivers at most {COGNITO_DEFAULT_DAILY_EMAILS} a day for the pool (other mail the pool sends today counts too)",
                crate::text::count(out.emails, "invitation")
            ));
        }
    }
    if out.texts > 0 {
        if facts.has_sms_configuration {
            out.warnings.push(format!(
                "{} invitations will be texted: an AWS account in the SNS SMS sandbox only texts verified numbers, within a small monthly spend limit",
                out.texts
            ));
        } else {
            out.warnings.push(format!(
                "{} invitations would be texted, but the pool has no SMS configuration: they cannot be sent (pass --delivery EMAIL, or --message-action SUPPRESS)",
                out.texts
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sender: Option<&str>, sms: bool) -> PoolFacts {
        PoolFacts {
            email_sending_account: sender.map(str::to_owned),
            has_sms_configuration: sms,
            ..Default::default()
        }
    }

    fn counts(email: u64, sms: u64) -> DeliveryCounts {
        DeliveryCounts { email, sms }
    }

    #[test]
    fn more_than_50_emails_with_cognitos_sender_is_refused_with_the_ways_out() {
        for sender in [None, Some("COGNITO_DEFAULT")] {
            let p = check(&facts(sender, false), counts(51, 0), None, false);
            let refusal = p.refusal.expect("refused");
            assert!(
                refusal.starts_with("51 invitations would be emailed"),
                "{refusal}"
            );
        }
        // Exactly the daily limit: a warning only.
        let p = check(&facts(None, false), counts(50, 0), None, false);
        assert_eq!(p.refusal, None);
        assert!(p.warnings[0].contains("at most 50 a day"));
        // One is said as one.
        let p = check(&facts(None, false), counts(1, 0), None, false);
        assert!(p.warnings[0].starts_with("1 invitation will"), "{p:?}");
    }

    #[test]
    fn suppress_or_accepting_the_limit_lets_the_run_start() {
        let p = check(
            &facts(None, false),
            counts(500, 500),
            Some("SUPPRESS"),
            false,
        );
        assert_eq!(p, Preflight::default());
        let p = check(&facts(None, false), counts(500, 0), Some("RESEND"), true);
        assert_eq!(p.refusal, None);
        assert_eq!(p.emails, 500);
        assert!(p.warnings[0].contains("going ahead"));
    }

    #[test]
    fn ses_and_sms_get_warnings_not_refusals() {
        let p = check(
            &facts(Some("DEVELOPER"), true),
            counts(5000, 3),
            None,
            false,
        );
        assert_eq!(p.refusal, None);
        assert!(p.warnings[0].contains("SES"));
        assert!(p.warnings[1].contains("SMS sandbox"));
        let p = check(&facts(Some("DEVELOPER"), false), counts(0, 3), None, false);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].contains("no SMS configuration"));
    }

    #[test]
    fn rows_count_by_medium_pessimistically_when_none_is_given() {
        let mut c = DeliveryCounts::default();
        c.count(true, true, None);
        c.count(true, false, Some(&["SMS".to_owned()]));
        c.count(true, true, Some(&["EMAIL".to_owned()]));
        c.count(false, false, None);
        assert_eq!(c, counts(2, 1));
    }
}
