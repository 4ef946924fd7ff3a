//! Password policy checks (for temporary passwords) and generation of a
//! temporary password that fits a policy.

use crate::model::pool::PasswordPolicy;

/// The characters Cognito counts as symbols.
pub const SYMBOLS: &str = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+=";

/// The policy Cognito applies when a pool sets none.
pub fn default_policy() -> PasswordPolicy {
    PasswordPolicy {
        minimum_length: Some(8),
        require_uppercase: true,
        require_lowercase: true,
        require_numbers: true,
        require_symbols: true,
        password_history_size: None,
        temporary_password_validity_days: 7,
    }
}

/// Why a new password is not sent: what it lacks under the pool's policy,
/// in the words the wizard's prompt and `test-sign-in` both say (Cognito
/// would refuse it anyway, after the temporary password was spent).
pub fn policy_refusal(password: &str, policy: &PasswordPolicy) -> Option<String> {
    let missing = policy_failures(password, policy);
    (!missing.is_empty()).then(|| {
        format!(
            "Not sent: the pool's password policy needs {}",
            missing.join(", ")
        )
    })
}

/// What `password` lacks under `policy`; empty when it passes.
pub fn policy_failures(password: &str, policy: &PasswordPolicy) -> Vec<String> {
    let mut missing = Vec::new();
    let min = policy.minimum_length.unwrap_or(8).max(6) as usize;
    let length = password.chars().count();
    if length < min {
        missing.push(format!("at least {min} characters (it has {length})"));
    }
    let classes = [
        (
            policy.require_uppercase,
            "an uppercase letter",
            char::is_uppercase as fn(char) -> bool,
        ),
        (
            policy.require_lowercase,
            "a lowercase letter",
            char::is_lowercase,
        ),
        (policy.require_numbers, "a digit", |c: char| {
            c.is_ascii_digit()
        }),
        (policy.require_symbols, "a symbol", |c: char| {
            SYMBOLS.contains(c)
        }),
    ];
    for (required, what, test) in classes {
        if required && !password.chars().any(test) {
            missing.push(what.to_owned());
        }
    }
    missing
}

/// A random password that satisfies `policy`, from the operating system's
/// random source.
pub fn generate(policy: &PasswordPolicy) -> String {
    const UPPER: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &str = "abcdefghijkmnopqrstuvwxyz";
    const DIGITS: &str = "23456789";
    const SAFE_SYMBOLS: &str = "!@#%^*-_=+?";
    // The service allows 6 to 99; anything else (a malformed policy) must not
    // become a negative or enormous length.
    let length = policy.minimum_length.unwrap_or(8).clamp(12, 99) as usize;
    let mut bytes = vec![0u8; length * 2];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    let mut bytes = bytes.into_iter();
    let mut pick = |set: &str| {
        let set: Vec<char> = set.chars().collect();
        set[usize::from(bytes.next().unwrap_or(0)) % set.len()]
    };
    let all = format!("{UPPER}{LOWER}{DIGITS}{SAFE_SYMBOLS}");
    let mut chars: Vec<char> = vec![pick(UPPER), pick(LOWER), pick(DIGITS), pick(SAFE_SYMBOLS)];
    while chars.len() < length {
        chars.push(pick(&all));
    }
    // Shuffle so the classes are not always in the same positions.
    for i in (1..chars.len()).rev() {
        let j = usize::from(pick("0123456789abcdef").to_digit(16).unwrap_or(0) as u8) % (i + 1);
        chars.swap(i, j);
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_names_what_is_missing() {
        let failures = policy_failures("abc", &default_policy());
        assert_eq!(
            failures,
            [
                "at least 8 characters (it has 3)",
                "an uppercase letter",
                "a digit",
                "a symbol"
            ]
        );
        assert!(policy_failures("Abcdef1!", &default_policy()).is_empty());
    }

    #[test]
    fn generated_passwords_fit_their_policy() {
        let mut policy = default_policy();
        policy.minimum_length = Some(20);
        for _ in 0..50 {
            let password = generate(&policy);
            assert!(policy_failures(&password, &policy).is_empty(), "{password}");
            assert!(!password.contains(char::is_whitespace));
        }
        assert_ne!(generate(&policy), generate(&policy));
    }

    #[test]
    fn out_of_range_minimum_lengths_do_not_break_generation() {
        // Found while writing the fuzz targets: a negative MinimumLength
        // overflowed the length (a panic), a huge one asked for gigabytes.
        for minimum in [i32::MIN, -1, 0, 100, i32::MAX] {
            let mut policy = default_policy();
            policy.minimum_length = Some(minimum);
            let length = generate(&policy).chars().count();
            assert!((12..=99).contains(&length), "{minimum}: {length}");
        }
    }
}
