//! The adaptive rate limiter in front of AdminCreateUser.
//!
//! Cognito allows 50 AdminCreateUser requests a second per account (the
//! UserCreation quota category), shared with everything else in the account
//! that creates users. The limiter hands out send slots evenly spaced at the
//! current rate (a token bucket holding one token: no bursts after an idle
//! spell, so the per-second quota is never exceeded by our own doing), and
//! adapts like TCP congestion control:
//!
//! * on a throttling answer the rate is multiplied by [`LimiterConfig::decrease`]
//!   (once per [`LimiterConfig::cooldown`]: the answers to requests already in
//!   flight say the same thing and must not halve it again and again);
//! * on each success it grows by `increase_per_second / rate`, which adds up to
//!   `increase_per_second` per second of steady sending whatever the rate: an
//!   additive, time-like recovery back to the configured maximum.
//!
//! Waiting is `tokio::time::sleep_until` on the slot: no polling, no blocking,
//! and tests drive it with tokio's paused clock.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The service quota for AdminCreateUser (UserCreation category), per second.
pub const USER_CREATION_QUOTA: f64 = 50.0;
/// Just under the quota, leaving room for other callers in the account.
pub const DEFAULT_RATE: f64 = 45.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimiterConfig {
    /// Requests per second when nothing pushes back (the `--rate`).
    pub max_rate: f64,
    /// The floor the rate never backs off below.
    pub min_rate: f64,
    /// Factor applied on throttling (0.5 halves the rate).
    pub decrease: f64,
    /// Requests per second regained per second of successful sending.
    pub increase_per_second: f64,
    /// Throttling within this long after a decrease does not decrease again.
    pub cooldown: Duration,
}

impl LimiterConfig {
    /// Defaults for a maximum rate: halve on throttling, regain a tenth of the
    /// maximum per second (back from half in about five seconds), never below
    /// a fiftieth of it.
    pub fn new(max_rate: f64) -> Self {
        let max_rate = if max_rate.is_finite() && max_rate > 0.0 {
            max_rate
        } else {
            DEFAULT_RATE
        };
        Self {
            max_rate,
            min_rate: (max_rate / 50.0).min(1.0),
            decrease: 0.5,
            increase_per_second: max_rate / 10.0,
            cooldown: Duration::from_secs(1),
        }
    }
}

#[derive(Debug)]
struct State {
    rate: f64,
    /// The earliest time the next slot may be handed out.
    next: Option<Instant>,
    last_decrease: Option<Instant>,
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
                rate: config.max_rate,
                next: None,
                last_decrease: None,
            }),
            config,
        }
    }

    pub fn config(&self) -> LimiterConfig {
        self.config
    }

    /// The current rate, requests per second.
    pub fn rate(&self) -> f64 {
        self.lock().rate
    }

    /// Waits for this caller's slot. Slots are taken in call order, each one
    /// interval after the previous one (or now, when the limiter was idle).
    pub async fn acquire(&self) {
        let slot = {
            let mut state = self.lock();
            let now = Instant::now();
            let slot = match state.next {
                Some(next) if next > now => next,
                _ => now,
            };
            state.next = Some(slot + interval(state.rate));
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// The service said "too many requests": back off. Returns the new rate
    /// when it changed.
    pub fn on_throttle(&self) -> Option<f64> {
        let mut state = self.lock();
        let now = Instant::now();
        if state
            .last_decrease
            .is_some_and(|at| now.duration_since(at) < self.config.cooldown)
        {
            return None;
        }
        let before = state.rate;
        state.rate = (state.rate * self.config.decrease).max(self.config.min_rate);
        state.last_decrease = Some(now);
        // Space the next slot at the new rate from now, so the retry does not
        // go out at the old pace.
        let next = state.next.map_or(now, |n| n.max(now));
        state.next = Some(next + interval(state.rate));
        (state.rate != before).then_some(state.rate)
    }

    /// A call went through: recover a little. Returns the new rate when its
    /// whole part changed (for progress displays), or when it reached the max.
    pub fn on_success(&self) -> Option<f64> {
        let mut state = self.lock();
        if state.rate >= self.config.max_rate {
            return None;
        }
        let before = state.rate;
        state.rate =
            (state.rate + self.config.increase_per_second / state.rate).min(self.config.max_rate);
        (state.rate.floor() != before.floor() || state.rate >= self.config.max_rate)
            .then_some(state.rate)
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
mod tests {
    use std::sync::Arc;

    use super::*;

    fn limiter(rate: f64) -> AdaptiveLimiter {
        AdaptiveLimiter::new(LimiterConfig::new(rate))
    }

    #[tokio::test(start_paused = true)]
    async fn slots_are_evenly_spaced_at_the_rate() {
        let l = limiter(10.0);
        let start = Instant::now();
        for _ in 0..21 {
            l.acquire().await;
        }
        // The first slot is immediate, the 20 after it 100 ms apart.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_the_rate() {
        let l = Arc::new(limiter(45.0));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let l = l.clone();
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::new();
                for _ in 0..9 {
                    l.acquire().await;
                    times.push(Instant::now());
                }
                times
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await.unwrap());
        }
        times.sort();
        assert_eq!(times.len(), 90);
        // 90 slots at 45/s: the last at 89/45 s, and no second holds more than 45.
        let last = times.last().unwrap().duration_since(start).as_secs_f64();
        assert!((last - 89.0 / 45.0).abs() < 0.001, "{last}");
        for (i, t) in times.iter().enumerate() {
            let window_end = *t + Duration::from_secs(1);
            let in_window = times[i..].iter().take_while(|x| **x < window_end).count();
            assert!(in_window <= 45, "{in_window} slots within a second");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn idle_time_does_not_build_up_a_burst() {
        let l = limiter(10.0);
        l.acquire().await;
        tokio::time::sleep(Duration::from_secs(60)).await;
        let start = Instant::now();
        l.acquire().await;
        l.acquire().await;
        l.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_halves_the_rate_once_per_cooldown_down_to_the_floor() {
        let l = limiter(40.0);
        assert_eq!(l.on_throttle(), Some(20.0));
        // Answers to requests already in flight do not halve it again.
        assert_eq!(l.on_throttle(), None);
        tokio::time::advance(Duration::from_millis(999)).await;
        assert_eq!(l.on_throttle(), None);
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(l.on_throttle(), Some(10.0));
        for _ in 0..10 {
            tokio::time::advance(Duration::from_secs(1)).await;
            l.on_throttle();
        }
        assert_eq!(l.rate(), 0.8, "the floor is a fiftieth of the maximum");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(l.on_throttle(), None, "already at the floor");
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_delays_the_next_slot_by_the_new_interval() {
        let l = limiter(10.0);
        l.acquire().await; // t = 0, next slot at 100 ms
        l.on_throttle(); // 5/s: the next slot moves to 100 ms + 200 ms
        let start = Instant::now();
        l.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(300));
        l.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn steady_success_recovers_additively_to_the_maximum() {
        let l = limiter(20.0); // regains 2/s per second
        l.on_throttle();
        assert_eq!(l.rate(), 10.0);
        let start = Instant::now();
        let mut rates = vec![l.rate()];
        while l.rate() < 20.0 {
            l.acquire().await;
            l.on_success();
            rates.push(l.rate());
            assert!(start.elapsed() < Duration::from_secs(30), "no recovery");
        }
        assert!(rates.windows(2).all(|w| w[1] >= w[0]));
        // From 10/s to 20/s at +2/s per second: about five seconds.
        let took = start.elapsed().as_secs_f64();
        assert!((4.5..=5.5).contains(&took), "recovered in {took} s");
        assert_eq!(l.on_success(), None, "capped at the maximum");
        assert_eq!(l.rate(), 20.0);
    }

    #[test]
    fn nonsense_rates_fall_back_to_the_default() {
        assert_eq!(LimiterConfig::new(0.0).max_rate, DEFAULT_RATE);
        assert_eq!(LimiterConfig::new(f64::NAN).max_rate, DEFAULT_RATE);
        assert_eq!(LimiterConfig::new(f64::INFINITY).max_rate, DEFAULT_RATE);
        const { assert!(DEFAULT_RATE < USER_CREATION_QUOTA) };
    }
}
