//! The adaptive rate limiter in front of AdminCreateUser.
//!
//! Cognito allows 50 AdminCreateUser requests a second per account (the
//! UserCreation quota category, shared with sign-up and the confirm calls) and
//! keeps it as a token bucket: so many tokens a second, about a second's worth
//! held; a call that finds the bucket empty is throttled. The limiter holds as
//! much of that quota as the run can use with almost no call throttled,
//! without being told the quota, and never goes above `--rate`.
//!
//! It works the way the AWS SDKs' adaptive retry mode and TCP CUBIC do: a
//! client-side token bucket (holding one token, so slots are evenly spaced at
//! the current rate and an idle spell builds up no burst) whose fill rate
//! adapts to throttling:
//!
//! * **The ceiling is measured, not guessed.** A throttling answer means the
//!   service's bucket is empty. Between two such moments the calls it let
//!   through are exactly what it refilled, so their count over the time
//!   between is the quota (to within a call). From the first call to the first
//!   throttle the same holds once the full bucket the run began with is
//!   counted in ([`LimiterConfig::burst`]). On throttling the ceiling becomes
//!   that measured rate (never more than the rate in use) and the rate drops
//!   to [`LimiterConfig::backoff`] of it: a small step, since the ceiling is
//!   known rather than halved blindly.
//! * **Recovery is cubic**: the rate climbs back towards the ceiling, flattens
//!   out around it (where the quota is), then probes beyond it, slowly first
//!   and faster later, so a quota that was raised or freed by another caller is
//!   found again. A climb spans [`LimiterConfig::recovery_calls`] calls at the
//!   ceiling (at least [`LimiterConfig::min_recovery`]): whatever the quota,
//!   one throttle per a few hundred calls.
//! * Answers to calls sent before the last decrease say nothing about the new
//!   rate and do not decrease it again (they do restart the measurement: the
//!   service's bucket is empty then too).
//!
//! The rate is a function of the clock (the time since the last decrease), so
//! it is deterministic; waiting is `tokio::time::sleep_until` on the slot, no
//! polling, and the tests drive it with tokio's paused clock against a
//! simulated quota.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The service quota for AdminCreateUser (UserCreation category), per second.
pub const USER_CREATION_QUOTA: f64 = 50.0;
/// Just under the quota, leaving room for other callers in the account.
pub const DEFAULT_RATE: f64 = 45.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimiterConfig {
    /// Requests per second at most, whatever the quota (the `--rate`).
    pub max_rate: f64,
    /// The floor the rate never backs off below.
    pub min_rate: f64,
    /// On throttling, the rate drops to this share of the measured ceiling.
    pub backoff: f64,
    /// The service's bucket in seconds of its rate, full when the run starts
    /// (an account that has been quiet): Cognito holds about a second's worth.
    /// Only the first measurement depends on it; a larger bucket makes it
    /// high, and the next throttle measures again from an empty bucket.
    pub burst: f64,
    /// Calls, at the ceiling's rate, that one climb back to it spans.
    pub recovery_calls: f64,
    /// The shortest climb back, however high the ceiling.
    pub min_recovery: Duration,
}

impl LimiterConfig {
    /// Defaults for a maximum rate: back off to 95% of the measured ceiling,
    /// climb back over 150 calls or 2 s, never below a fiftieth of the
    /// maximum (or 1 a second).
    pub fn new(max_rate: f64) -> Self {
        let max_rate = if max_rate.is_finite() && max_rate > 0.0 {
            max_rate
        } else {
            DEFAULT_RATE
        };
        Self {
            max_rate,
            min_rate: (max_rate / 50.0).min(1.0),
            backoff: 0.95,
            burst: 1.0,
            recovery_calls: 150.0,
            min_recovery: Duration::from_secs(2),
        }
    }
}

/// Calls the service let through since its bucket was last known to be
/// empty (a throttle) or full (the first call).
#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    admitted: u64,
    /// Seconds of the service's rate in its bucket at `start`.
    bucket: f64,
}

impl Window {
    /// The service's rate as this window measured it: what it let through
    /// over the time it had to refill (half a call added: the count is known
    /// to within one).
    fn rate(&self, now: Instant) -> Option<f64> {
        let span = now.duration_since(self.start).as_secs_f64() + self.bucket;
        (span > 0.0).then(|| (self.admitted as f64 + 0.5) / span)
    }
}

/// The climb back after a decrease: `ceiling` at `span` seconds after
/// `since`, flat around it, beyond it after.
#[derive(Debug, Clone, Copy)]
struct Cubic {
    ceiling: f64,
    since: Instant,
    span: f64,
}

impl Cubic {
    fn rate_at(&self, now: Instant, backoff: f64) -> f64 {
        let t = now.saturating_duration_since(self.since).as_secs_f64();
        let x = (t - self.span) / self.span;
        self.ceiling * (1.0 + (1.0 - backoff) * x.powi(3))
    }
}

#[derive(Debug)]
struct State {
    /// The earliest time the next slot may be handed out.
    next: Option<Instant>,
    /// Since the first call.
    window: Option<Window>,
    /// Since the first throttle.
    cubic: Option<Cubic>,
    /// The rate last reported to the caller (for progress displays).
    reported: f64,
}

/// Shared by every worker (behind an `Arc`).
#[derive(Debug)]
pub struct AdaptiveLimiter {
    config: LimiterConfig,
    state: Mutex<State>,
}

impl AdaptiveLimiter {
    pub fn new(config: LimiterConfig) -> Self {
        Self {
            state: Mutex::new(State {
                next: None,
                window: None,
                cubic: None,
                reported: config.max_rate,
            }),
            config,
        }
    }

    pub fn config(&self) -> LimiterConfig {
        self.config
    }

    /// The current rate, requests per second.
    pub fn rate(&self) -> f64 {
        self.rate_at(&self.lock(), Instant::now())
    }

    /// The measured ceiling: the quota as the last throttle showed it (none
    /// before the first throttle).
    pub fn ceiling(&self) -> Option<f64> {
        self.lock().cubic.map(|c| c.ceiling)
    }

    /// Waits for this caller's slot and returns it (the time the call goes
    /// out: hand it back to [`Self::on_throttle`]). Slots are taken in call
    /// order, each one interval after the previous one, or now when the
    /// limiter was idle.
    pub async fn acquire(&self) -> Instant {
        loop {
            let (slot, granted) = self.grant();
            tokio::time::sleep_until(slot).await;
            // A slot handed out at a rate given up since waits again at the
            // new one: a decrease holds back the callers already in line.
            if self.lock().cubic.is_none_or(|c| granted >= c.since) {
                return slot;
            }
        }
    }

    /// The next slot, and when it was handed out.
    fn grant(&self) -> (Instant, Instant) {
        let mut state = self.lock();
        let now = Instant::now();
        state.window.get_or_insert(Window {
            start: now,
            admitted: 0,
            bucket: self.config.burst,
        });
        let slot = match state.next {
            Some(next) if next > now => next,
            _ => now,
        };
        let rate = self.rate_at(&state, slot);
        state.next = Some(slot + interval(rate));
        (slot, now)
    }

    /// The service said "too many requests" to the call sent at `sent`: its
    /// bucket is empty now. Measures the ceiling and backs off, unless the
    /// call went out before the last decrease. Returns the new rate when it
    /// changed.
    pub fn on_throttle(&self, sent: Instant) -> Option<f64> {
        let mut state = self.lock();
        let now = Instant::now();
        let measured = state.window.and_then(|w| w.rate(now));
        state.window = Some(Window {
            start: now,
            admitted: 0,
            bucket: 0.0,
        });
        if state.cubic.is_some_and(|c| sent < c.since) {
            return None;
        }
        let before = self.rate_at(&state, now);
        let ceiling = measured
            .map_or(before, |m| m.min(before))
            .max(self.config.min_rate);
        let span =
            (self.config.recovery_calls / ceiling).max(self.config.min_recovery.as_secs_f64());
        state.cubic = Some(Cubic {
            ceiling,
            since: now,
            span,
        });
        let after = self.rate_at(&state, now);
        // Space the next slot at the new rate from now, so the retry does not
        // go out at the old pace.
        let next = state.next.map_or(now, |n| n.max(now));
        state.next = Some(next + interval(after));
        state.reported = after;
        (after != before).then_some(after)
    }

    /// The service let a call through (any answer but throttling: the call
    /// took a token). Returns the rate when its whole part changed since it
    /// was last reported (for progress displays).
    pub fn on_admitted(&self) -> Option<f64> {
        let mut state = self.lock();
        if let Some(window) = state.window.as_mut() {
            window.admitted += 1;
        }
        let rate = self.rate_at(&state, Instant::now());
        (rate.floor() != state.reported.floor()).then(|| {
            state.reported = rate;
            rate
        })
    }

    fn rate_at(&self, state: &State, at: Instant) -> f64 {
        state
            .cubic
            .map_or(self.config.max_rate, |c| c.rate_at(at, self.config.backoff))
            .clamp(self.config.min_rate, self.config.max_rate)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked mid-update
        // (every update is a single assignment), so poisoning is ignored.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn interval(rate: f64) -> Duration {
    Duration::from_secs_f64(1.0 / rate)
}

#[cfg(test)]
mod tests;
