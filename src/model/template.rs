//! Message templates with sample values, so an operator sees what a user will
//! receive before the pool exists.

/// Sample values for placeholders.
pub const SAMPLE_CODE: &str = "123456";
pub const SAMPLE_USERNAME: &str = "jane.doe@example.com";

/// The longest SMS a template may be, in characters.
pub const SMS_LIMIT: usize = 140;

/// The message as a user would receive it: `{####}` → a code, `{username}` →
/// the sample user, `{##text##}` → the link text underlined-by-brackets.
pub fn render_sample(template: &str) -> String {
    let mut out = template
        .replace("{####}", SAMPLE_CODE)
        .replace("{username}", SAMPLE_USERNAME);
    while let Some(start) = out.find("{##") {
        let Some(len) = out[start + 3..].find("##}") else {
            break;
        };
        let text = out[start + 3..start + 3 + len].to_owned();
        out.replace_range(
            start..start + 3 + len + 3,
            &format!("[{text}](https://…/confirm)"),
        );
    }
    out
}

/// Which kind of message a template path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Sms,
    Email,
    Subject,
}

pub fn kind_of(path: &str) -> Option<TemplateKind> {
    let last = path.rsplit('.').next().unwrap_or(path);
    match last {
        "SmsMessage" | "SMSMessage" | "SmsAuthenticationMessage" => Some(TemplateKind::Sms),
        "EmailMessage" | "EmailMessageByLink" | "Message" => Some(TemplateKind::Email),
        "EmailSubject" | "EmailSubjectByLink" | "Subject" => Some(TemplateKind::Subject),
        _ => None,
    }
}

/// Short checks shown beside a template: placeholders found or missing, and
/// the SMS length against the limit.
pub fn checks(path: &str, template: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let invitation = path.contains("InviteMessageTemplate");
    let by_link = path.ends_with("EmailMessageByLink");
    let code_needed =
        matches!(kind_of(path), Some(TemplateKind::Sms | TemplateKind::Email)) && !by_link;
    if code_needed {
        out.push((
            template.contains("{####}"),
            "code placeholder {####}".to_owned(),
        ));
    }
    if by_link {
        let ok = template
            .find("{##")
            .is_some_and(|s| template[s + 3..].contains("##}"));
        out.push((ok, "link placeholder {##…##}".to_owned()));
    }
    if invitation && code_needed {
        out.push((
            template.contains("{username}"),
            "user name placeholder {username}".to_owned(),
        ));
    }
    if kind_of(path) == Some(TemplateKind::Sms) {
        let n = template.chars().count();
        out.push((n <= SMS_LIMIT, format!("{n}/{SMS_LIMIT} characters")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_fills_every_placeholder() {
        assert_eq!(
            render_sample("Hi {username}, code {####}. {##Verify##}"),
            "Hi jane.doe@example.com, code 123456. [Verify](https://…/confirm)"
        );
    }

    #[test]
    fn invitation_checks_both_placeholders_and_length() {
        let checks = checks(
            "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
            "Code {####}",
        );
        assert_eq!(
            checks,
            vec![
                (true, "code placeholder {####}".to_owned()),
                (false, "user name placeholder {username}".to_owned()),
                (true, "11/140 characters".to_owned()),
            ]
        );
    }
}
